-- Assessments: which machines, against which profile (as it was when assessed), and the verdict per machine.
create table assessment (
    id          uuid primary key,
    profile_id  text        not null,
    profile     jsonb       not null,
    selection   jsonb       not null,
    summary     jsonb       not null,
    runs        integer     not null,
    created_at  timestamptz not null,
    assessed_at timestamptz not null
);

create index assessment_created on assessment (created_at desc);

create table assessed_machine (
    assessment_id uuid    not null references assessment (id) on delete cascade,
    position      integer not null,
    machine_id    uuid    not null,
    name          text    not null,
    readiness     text    not null,
    findings      jsonb   not null,
    plan          jsonb   not null,
    primary key (assessment_id, position)
);

create index assessed_machine_machine on assessed_machine (assessment_id, machine_id);

-- Capacity plans: the hosts and options asked for, and the placement found.
create table capacity_plan (
    id            uuid primary key,
    assessment_id uuid        not null references assessment (id) on delete cascade,
    request       jsonb       not null,
    placement     jsonb       not null,
    created_at    timestamptz not null
);
