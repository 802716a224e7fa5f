package dev.ferry.disk.source;

/**
 * What the handshake agreed on for one NBD export: its size and flags, the server's block size limits, whether
 * replies are structured, and the id of the {@code base:allocation} metadata context (-1 when there is none).
 */
record NbdExport(long size, int transmissionFlags, int minimumBlock, int preferredBlock, int maximumBlock,
        boolean structuredReplies, int allocationContextId) {

    boolean hasAllocationContext() {
        return allocationContextId >= 0;
    }

    /** Longest read to send in one request: the server's maximum, rounded down to its minimum block size. */
    int maxReadLength() {
        int max = Math.min(maximumBlock, NbdProtocol.DEFAULT_MAX_BLOCK);
        return max - max % minimumBlock;
    }
}
