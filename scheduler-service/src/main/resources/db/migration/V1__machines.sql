-- The scheduler's copy of each machine record, kept current from the inventory's machine topic.
create table machine_snapshot (
    id          uuid primary key,
    name        text        not null,
    source_id   uuid,
    record      jsonb       not null,
    received_at timestamptz not null
);

create index machine_snapshot_source on machine_snapshot (source_id);
