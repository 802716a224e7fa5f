-- Machines as their sources describe them. The whole record is kept as JSON; the columns beside it are what
-- people filter and sort by.
create table machine (
    id           uuid primary key,
    source_id    uuid,
    source_kind  text        not null,
    -- the source's own identity of the machine (instance UUID, OVF system id, BIOS UUID), used by rediscovery
    external_key text,
    name         text        not null,
    power_state  text        not null,
    os_family    text        not null,
    firmware     text        not null,
    cpu_count    integer     not null,
    memory_bytes bigint      not null,
    disk_count   integer     not null,
    disk_bytes   bigint      not null,
    gone         boolean     not null default false,
    record       jsonb       not null,
    first_seen   timestamptz not null,
    last_seen    timestamptz not null,
    version      bigint      not null default 0
);

create unique index machine_identity on machine (source_id, external_key);
create index machine_name on machine (lower(name));
