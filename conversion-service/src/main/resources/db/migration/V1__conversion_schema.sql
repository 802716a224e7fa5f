-- The conversion service's schema. Its own tables arrive with the conversion workers; the outbox and inbox tables
-- come from the messaging library's migrations.
comment on schema conversion is 'Ferry conversion workers: checkpoints and results of disk conversions';
