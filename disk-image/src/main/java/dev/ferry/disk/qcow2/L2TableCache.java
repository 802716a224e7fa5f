package dev.ferry.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.disk.source.ByteSource;

/**
 * Keeps recently used L2 tables in memory, least recently used out first, within a fixed byte budget so that memory
 * does not grow with the disk. Safe for concurrent readers; two threads missing the same table may both load it.
 */
final class L2TableCache {

    /** 16 MiB of tables map 128 TiB of guest disk with 64 KiB clusters: far more than one conversion touches at once. */
    private static final long BUDGET_BYTES = 16L << 20;
    private static final int MIN_TABLES = 4;

    private final ByteSource source;
    private final int tableBytes;
    private final Map<Long, long[]> tables;

    L2TableCache(ByteSource source, int tableBytes) {
        this.source = source;
        this.tableBytes = tableBytes;
        int capacity = (int) Math.max(MIN_TABLES, BUDGET_BYTES / tableBytes);
        this.tables = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The table at {@code fileOffset} as big-endian 64-bit words; the caller has checked it lies inside the file. */
    long[] get(long fileOffset) throws IOException {
        synchronized (tables) {
            long[] table = tables.get(fileOffset);
            if (table != null) {
                return table;
            }
        }
        ByteBuffer bytes = ByteBuffer.allocate(tableBytes);
        source.readFully(fileOffset, bytes);
        long[] table = new long[tableBytes / Long.BYTES];
        bytes.flip().asLongBuffer().get(table);
        synchronized (tables) {
            tables.put(fileOffset, table);
        }
        return table;
    }
}
