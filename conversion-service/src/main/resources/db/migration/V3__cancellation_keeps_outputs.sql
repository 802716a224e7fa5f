-- A cancel the scheduler sends when a job's lease lapsed stops the old attempt but keeps its checkpoints and finished
-- disks, from which the next attempt of the job resumes; a person's cancel removes them.
alter table job_cancellation add column keep_outputs boolean not null default false;
comment on column job_cancellation.keep_outputs is
    'true: the cancelled attempts stop and leave their outputs for a later attempt; false: their outputs are removed';
