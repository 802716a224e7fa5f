-- Events waiting to be relayed to Kafka, written in the same transaction as the change they describe.
create table outbox_event (
    sequence    bigserial primary key,
    event_id    uuid        not null unique,
    topic       text        not null,
    message_key text        not null,
    -- null is a tombstone: the key's record is gone from a compacted topic
    payload     text,
    created_at  timestamptz not null default now()
);

-- Events a consumer has already handled, so a redelivery changes nothing.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);

create index processed_event_age on processed_event (processed_at);
