-- Where machines are discovered: vCenter/ESXi endpoints, RVTools exports, OVF/OVA packages, physical hosts.
-- Passwords are never stored in the clear: either AES-GCM ciphertext (key from configuration) or the name of a
-- mounted secret file.
create table source (
    id                     uuid primary key,
    name                   text        not null unique,
    kind                   text        not null,
    url                    text,
    username               text,
    password_ciphertext    bytea,
    password_secret        text,
    certificate_thumbprint text,
    path                   text,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    version                bigint      not null default 0
);

alter table machine add constraint machine_source foreign key (source_id) references source (id);
create index machine_source_gone on machine (source_id, gone);

-- One discovery of one source. Counts and per-item errors are filled in as it runs; heartbeat_at shows that the
-- replica running it is alive, so a run left behind by a crash or restart can be marked failed.
create table discovery_run (
    id            uuid primary key,
    source_id     uuid        not null references source (id) on delete cascade,
    state         text        not null,
    owner         text        not null,
    created_at    timestamptz not null,
    started_at    timestamptz,
    finished_at   timestamptz,
    heartbeat_at  timestamptz not null,
    found         integer     not null default 0,
    new_count     integer     not null default 0,
    changed_count integer     not null default 0,
    gone_count    integer     not null default 0,
    failure       text,
    item_errors   jsonb       not null default '[]',
    version       bigint      not null default 0
);

create index discovery_run_source on discovery_run (source_id, created_at desc);
-- At most one discovery of a source at a time, whichever replica accepted it.
create unique index discovery_run_one_active on discovery_run (source_id) where state in ('PENDING', 'RUNNING');

-- Tokens with which ferry-agent registers physical hosts into a source; only their SHA-256 is kept.
create table registration_token (
    id         uuid primary key,
    source_id  uuid        not null references source (id) on delete cascade,
    token_hash bytea       not null unique,
    created_at timestamptz not null,
    expires_at timestamptz not null
);

-- Hypervisor hosts a source describes (vSphere HostSystems, RVTools vHost rows), for sizing target hosts.
create table source_host (
    id              uuid primary key,
    source_id       uuid        not null references source (id) on delete cascade,
    name            text        not null,
    datacenter      text,
    cluster         text,
    vendor          text,
    model           text,
    cpu_model       text,
    cpu_sockets     integer     not null,
    cpu_cores       integer     not null,
    cpu_threads     integer     not null,
    memory_bytes    bigint      not null,
    product         text,
    vm_count        integer     not null,
    seen_at         timestamptz not null,
    unique (source_id, name)
);
