package dev.ferry.messaging;

/** Fired when a transaction wrote to the outbox, so the relay can send right after the commit. */
public record OutboxWritten() {
}
