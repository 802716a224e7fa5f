-- Target profiles people added through the API; the built-in ones ship as YAML in the service.
create table target_profile (
    id         text primary key,
    document   jsonb       not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
