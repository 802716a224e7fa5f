package dev.ferry.events.conversion;

/**
 * Where a job's output goes: a folder under one of the configured storage roots. Workers resolve the root by name
 * in their own configuration and refuse folders that would escape it.
 *
 * @param storageRoot name of a configured storage root
 * @param folder relative folder under the root
 */
public record TargetLocation(String storageRoot, String folder) {
}
