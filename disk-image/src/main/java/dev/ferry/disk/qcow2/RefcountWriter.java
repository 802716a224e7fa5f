package dev.ferry.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.ferry.disk.write.OutputFile;

/**
 * Writes the refcount blocks and table of a new image from references counted in ascending cluster order, holding
 * one block in memory at a time so memory stays at one cluster whatever the image size.
 */
final class RefcountWriter {

    private static final int MAX_REFCOUNT = (1 << RefcountLayout.REFCOUNT_BITS) - 1;

    private final OutputFile file;
    private final RefcountLayout layout;
    private final int clusterSize;
    private final ByteBuffer block;
    private int blockIndex;

    RefcountWriter(OutputFile file, RefcountLayout layout, int clusterSize) {
        this.file = file;
        this.layout = layout;
        this.clusterSize = clusterSize;
        this.block = ByteBuffer.allocate(clusterSize);
    }

    /** Counts one more reference to each cluster of {@code [first, last]}; clusters must not go backwards. */
    void reference(long first, long last) throws IOException {
        for (long cluster = first; cluster <= last; cluster++) {
            int index = moveTo(cluster);
            int count = Short.toUnsignedInt(block.getShort(index * 2));
            if (count == MAX_REFCOUNT) {
                throw new IllegalStateException("cluster " + cluster + " referenced more than " + MAX_REFCOUNT + " times");
            }
            block.putShort(index * 2, (short) (count + 1));
        }
    }

    /** Writes the remaining blocks and the refcount table. */
    void finish() throws IOException {
        while (blockIndex < layout.blockCount()) {
            flushBlock();
        }
        ByteBuffer table = ByteBuffer.allocate(layout.tableClusters() * clusterSize);
        for (int i = 0; i < layout.blockCount(); i++) {
            table.putLong(layout.blocksOffset() + (long) i * clusterSize);
        }
        file.write(layout.tableOffset(), table.clear());
    }

    private int moveTo(long cluster) throws IOException {
        long target = cluster / layout.entriesPerBlock();
        if (target < blockIndex || target >= layout.blockCount()) {
            throw new IllegalStateException("cluster " + cluster + " is out of order or beyond the refcount blocks");
        }
        while (blockIndex < target) {
            flushBlock();
        }
        return (int) (cluster % layout.entriesPerBlock());
    }

    private void flushBlock() throws IOException {
        file.write(layout.blocksOffset() + (long) blockIndex * clusterSize, block.clear());
        Arrays.fill(block.array(), (byte) 0);
        blockIndex++;
    }
}
