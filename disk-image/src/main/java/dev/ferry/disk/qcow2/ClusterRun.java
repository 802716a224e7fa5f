package dev.ferry.disk.qcow2;

/**
 * A run of guest bytes that the L1/L2 tables map the same way.
 *
 * @param kind how the run is stored
 * @param offset guest offset where the run starts
 * @param length guest bytes in the run
 * @param hostOffset file offset of the run's first byte ({@link Kind#DATA}), or of the compressed cluster's data
 *        ({@link Kind#COMPRESSED}); 0 otherwise
 * @param compressedLength bytes of compressed data the descriptor covers ({@link Kind#COMPRESSED} only)
 * @param entryOffset file offset of the L2 entry that maps the run's first byte, for error messages (0 when none)
 */
record ClusterRun(Kind kind, long offset, long length, long hostOffset, int compressedLength, long entryOffset) {

    /** How guest bytes are stored. */
    enum Kind {
        /** Stored uncompressed in the image file; contiguous from {@code hostOffset}. */
        DATA,
        /** Part of one compressed cluster. */
        COMPRESSED,
        /** Explicitly zero (a version 3 zero cluster or subcluster); never read from a backing file. */
        ZERO,
        /** Not allocated here: read from the backing file, or zeros without one. */
        UNALLOCATED
    }

    long end() {
        return offset + length;
    }
}
