package dev.ferry.inventory.service.discovery;

import java.util.UUID;

/** Fired when a run was accepted, so that a worker takes it once the accepting transaction has committed. */
public record DiscoveryRequested(UUID runId) {
}
