-- Which worker runs which attempt of which job: the claim that makes a request delivered twice convert once, lets a
-- worker take over a crashed worker's job, and lets a newer attempt stop an older one.
create table conversion_attempt (
    job_id       text        not null,
    attempt      integer     not null,
    -- the worker holding (or that last held) the claim
    worker_id    text        not null,
    -- RUNNING, RELEASED, COMPLETED, FAILED, CANCELLED, SUPERSEDED (see AttemptState)
    state        text        not null,
    -- the ConversionRequest as JSON (no secrets), so any worker can find a cancelled job's outputs; null for an attempt
    -- cancelled before any worker saw its request
    request      text,
    -- the failure reason or what stopped the attempt
    message      text,
    claimed_at   timestamptz not null,
    heartbeat_at timestamptz not null,
    finished_at  timestamptz,
    -- how often another worker took this attempt over from one that stopped heart-beating
    takeovers    integer     not null default 0,
    primary key (job_id, attempt)
);

create index conversion_attempt_running on conversion_attempt (state, heartbeat_at);

-- Cancellations, kept so that a worker that picks a cancelled job's request up later cancels instead of converting.
create table job_cancellation (
    job_id       text primary key,
    -- attempts up to this one are cancelled
    attempt      integer     not null,
    reason       text,
    requested_at timestamptz not null
);

-- Disks of a job converted and verified, so a resumed job does not convert them again.
create table converted_disk (
    job_id       text        not null,
    disk_key     text        not null,
    attempt      integer     not null,
    file_name    text        not null,
    format       text        not null,
    virtual_size bigint      not null,
    file_size    bigint      not null,
    digest       text        not null,
    resumed_from bigint      not null,
    bytes_read   bigint      not null,
    converted_at timestamptz not null,
    primary key (job_id, disk_key)
);
