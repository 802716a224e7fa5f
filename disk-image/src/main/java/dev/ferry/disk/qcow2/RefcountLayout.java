package dev.ferry.disk.qcow2;

/**
 * Where a new image's refcount table and blocks go: after everything else, sized so that they also count
 * themselves.
 *
 * @param tableOffset file offset of the refcount table
 * @param tableClusters clusters the refcount table occupies
 * @param blocksOffset file offset of the first refcount block (the blocks are contiguous)
 * @param blockCount number of refcount blocks
 * @param entriesPerBlock 16-bit refcounts per block
 */
record RefcountLayout(long tableOffset, int tableClusters, long blocksOffset, int blockCount, int entriesPerBlock) {

    /** Bits per refcount: qemu's default order 4. */
    static final int REFCOUNT_BITS = 16;

    /** Places the refcount structures after {@code usedClusters} clusters that are already taken. */
    static RefcountLayout after(long usedClusters, int clusterBits) {
        long clusterSize = 1L << clusterBits;
        int entriesPerBlock = (int) (clusterSize * 8 / REFCOUNT_BITS);
        long blocks = 0;
        long table = 0;
        while (true) {
            long total = usedClusters + table + blocks;
            long neededBlocks = ceilDiv(total, entriesPerBlock);
            long neededTable = ceilDiv(neededBlocks * Long.BYTES, clusterSize);
            if (neededBlocks == blocks && neededTable == table) {
                break;
            }
            blocks = neededBlocks;
            table = neededTable;
        }
        long tableOffset = usedClusters * clusterSize;
        return new RefcountLayout(tableOffset, (int) table, tableOffset + table * clusterSize, (int) blocks,
                entriesPerBlock);
    }

    /** Clusters the whole file has once the refcount structures are in place. */
    long totalClusters(int clusterBits) {
        return (blocksOffset >> clusterBits) + blockCount;
    }

    private static long ceilDiv(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }
}
