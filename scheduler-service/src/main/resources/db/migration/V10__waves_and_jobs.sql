-- Migration waves: what a person submitted (machines, profile, target storage, window, limits, retry policy).
create table wave (
    id                 uuid primary key,
    name               text        not null,
    state              text        not null,
    profile_id         text        not null,
    storage_root       text        not null,
    folder             text        not null,
    not_before         timestamptz,
    not_after          timestamptz,
    -- limits of jobs in flight; null where the wave sets none
    limit_jobs         integer     not null,
    limit_source_host  integer,
    limit_datastore    integer,
    limit_target_host  integer,
    retry_attempts     integer     not null,
    retry_backoff_ms   bigint      not null,
    retry_max_backoff_ms bigint    not null,
    skip_blocked       boolean     not null,
    -- the capacity plan's placement of the wave's machines (JSON), when the wave named target hosts
    placement          jsonb,
    assessment_summary jsonb       not null,
    created_at         timestamptz not null,
    state_changed_at   timestamptz not null,
    -- round robin between waves: the one admitted from longest ago goes first
    last_admitted_at   timestamptz
);

create index wave_state on wave (state);
create index wave_created on wave (created_at desc, id);

-- Every state a wave entered, with time and reason.
-- Ids come from a sequence that hands out 50 at a time, so Hibernate can insert many in one batch.
create sequence wave_transition_seq increment by 50;

create table wave_transition (
    id         bigint primary key default nextval('wave_transition_seq'),
    wave_id    uuid        not null references wave (id) on delete cascade,
    from_state text,
    to_state   text        not null,
    reason     text        not null,
    at         timestamptz not null
);

create index wave_transition_wave on wave_transition (wave_id, id);

-- One job per machine of a wave.
create table job (
    id               uuid primary key,
    wave_id          uuid        not null references wave (id) on delete cascade,
    position         integer     not null,
    machine_id       uuid        not null,
    machine_name     text        not null,
    state            text        not null,
    -- the latest attempt dispatched (0 before the first); updates of other attempts are ignored
    attempt          integer     not null,
    -- attempts dispatched before the last manual retry or re-run, which do not count against the retry policy
    retry_base       integer     not null,
    -- not dispatched before this (back-off after a failed attempt)
    not_before       timestamptz,
    lease_expires_at timestamptz,
    source_host      text,
    -- JSON array of datastore names
    datastores       jsonb       not null,
    target_host      text,
    storage_root     text        not null,
    folder           text        not null,
    readiness        text        not null,
    findings         jsonb       not null,
    plan             jsonb       not null,
    bytes_total      bigint      not null,
    definition_files jsonb,
    last_error       text,
    created_at       timestamptz not null,
    state_changed_at timestamptz not null,
    unique (wave_id, position)
);

create index job_wave_state on job (wave_id, state, position);
create index job_state_lease on job (state, lease_expires_at);

-- Every state a job entered, with time, reason and attempt.
create sequence job_transition_seq increment by 50;

create table job_transition (
    id         bigint primary key default nextval('job_transition_seq'),
    job_id     uuid        not null references job (id) on delete cascade,
    from_state text,
    to_state   text        not null,
    attempt    integer     not null,
    reason     text        not null,
    at         timestamptz not null
);

create index job_transition_job on job_transition (job_id, id);

-- A job's itinerary: its steps in order, each with status and times.
create table job_step (
    job_id     uuid    not null references job (id) on delete cascade,
    position   integer not null,
    kind       text    not null,
    disk_key   text,
    status     text    not null,
    started_at timestamptz,
    ended_at   timestamptz,
    message    text,
    primary key (job_id, position)
);

-- Each disk of a job: its progress as the workers report it, and what was written.
create table job_disk (
    job_id           uuid    not null references job (id) on delete cascade,
    disk_key         text    not null,
    position         integer not null,
    label            text,
    file_name        text,
    target_format    text,
    bytes_total      bigint  not null,
    bytes_done       bigint  not null,
    bytes_per_second bigint  not null,
    checkpoint_bytes bigint  not null,
    phase            text,
    -- the attempt and event time of the newest progress applied: older ones are not applied over it
    attempt          integer not null,
    reported_at      timestamptz,
    file_size        bigint,
    digest           text,
    primary key (job_id, disk_key)
);

-- Each attempt of a job: who ran it, when, and how it ended.
create table job_attempt (
    job_id        uuid        not null references job (id) on delete cascade,
    attempt       integer     not null,
    worker_id     text,
    dispatched_at timestamptz not null,
    started_at    timestamptz,
    ended_at      timestamptz,
    outcome       text,
    message       text,
    primary key (job_id, attempt)
);
