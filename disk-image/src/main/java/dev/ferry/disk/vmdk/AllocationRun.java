package dev.ferry.disk.vmdk;

/** A run of {@code length} guest bytes with one {@link Allocation}, relative to where it was asked for. */
record AllocationRun(long length, Allocation allocation) {
}
