package dev.ferry.events.machine;

import java.time.Instant;

/** A snapshot of a virtual machine. */
public record Snapshot(String name, Instant created) {
}
