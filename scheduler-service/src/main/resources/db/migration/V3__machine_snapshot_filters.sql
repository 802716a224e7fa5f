-- What assessments select machines by, kept beside the record so selecting needs no JSON parsing.
alter table machine_snapshot add column os_family text;
alter table machine_snapshot add column power_state text;
alter table machine_snapshot add column firmware text;

update machine_snapshot set
    os_family   = record -> 'guestOs' ->> 'family',
    power_state = record ->> 'powerState',
    firmware    = record -> 'firmware' ->> 'type';

create index machine_snapshot_name on machine_snapshot (lower(name));
