package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.disk.ImageFormatException;

/**
 * A sparse extent's grain directory, held in memory (4 bytes per 32 MiB of disk), and a bounded, thread-safe cache of
 * the grain tables it points to. Every table's place in the file is checked when the directory is read.
 */
final class GrainDirectory {

    /**
     * Grain tables an image may cache in all, shared out among its sparse extents: grain tables are 2 KiB, so 4 MiB of
     * them cover 64 GiB of a disk with 64 KiB grains.
     */
    static final int CACHE_BYTES = 4 << 20;
    /** Sequential reads need the current table and the next; a little more keeps parallel readers from thrashing. */
    private static final int MIN_CACHED_TABLES = 4;

    private final ExtentFile file;
    private final SparseExtentHeader header;
    private final long directorySector;
    private final int[] tableSectors;
    private final Map<Integer, int[]> cache;
    private final int cacheCapacity;

    private GrainDirectory(ExtentFile file, SparseExtentHeader header, long directorySector, int[] tableSectors,
            int cacheBytes) {
        this.file = file;
        this.header = header;
        this.directorySector = directorySector;
        this.tableSectors = tableSectors;
        this.cacheCapacity = Math.max(MIN_CACHED_TABLES, cacheBytes / header.tableBytes());
        this.cache = new LinkedHashMap<>(64, 0.75f, true);
    }

    /**
     * Reads the directory at {@code directorySector} and checks that every grain table it names lies in the file.
     *
     * @param cacheBytes how much memory cached grain tables may take
     */
    static GrainDirectory read(ExtentFile file, SparseExtentHeader header, long directorySector, int cacheBytes)
            throws IOException {
        int entries = (int) header.directoryEntries();
        long directoryOffset = sectorOffset(file, directorySector, (long) entries * Integer.BYTES, "grain directory");
        ByteBuffer raw = file.read(directoryOffset, entries * Integer.BYTES, "grain directory");
        int[] tableSectors = new int[entries];
        raw.asIntBuffer().get(tableSectors);
        for (int index = 0; index < entries; index++) {
            if (tableSectors[index] != 0) {
                long entryOffset = directoryOffset + 4L * index;
                long table = sectorOffset(file, Integer.toUnsignedLong(tableSectors[index]), header.tableBytes(),
                        "grain table " + index + " named at offset " + entryOffset);
                String overlapped = metadataAt(header, directoryOffset, entries, table);
                if (overlapped != null) {
                    throw VmdkFormat.corrupt(entryOffset, "grain table " + index + " at sector "
                            + Integer.toUnsignedString(tableSectors[index]) + " overlaps the " + overlapped);
                }
            }
        }
        return new GrainDirectory(file, header, directorySector, tableSectors, cacheBytes);
    }

    /** The structure a grain table at {@code table} would overlap: the header, the descriptor or the directory. */
    private static String metadataAt(SparseExtentHeader header, long directoryOffset, int entries, long table) {
        long tableEnd = table + header.tableBytes();
        if (table < SECTOR_SIZE) {
            return "sparse extent header";
        }
        // Header fields are not trusted: sector counts are capped so that the byte arithmetic cannot overflow.
        long maxSectors = Long.MAX_VALUE / SECTOR_SIZE / 4;
        long descriptor = Math.min(header.descriptorOffset(), maxSectors) * SECTOR_SIZE;
        long descriptorEnd = descriptor + Math.min(header.descriptorSize(), maxSectors) * SECTOR_SIZE;
        if (header.descriptorOffset() > 0 && table < descriptorEnd && descriptor < tableEnd) {
            return "embedded descriptor";
        }
        if (table < directoryOffset + (long) entries * Integer.BYTES && directoryOffset < tableEnd) {
            return "grain directory";
        }
        return null;
    }

    private static long sectorOffset(ExtentFile file, long sector, long length, String what) throws IOException {
        if (sector < 0 || sector > file.size() / SECTOR_SIZE) {
            throw VmdkFormat.corrupt(file.size(), what + " at sector " + Long.toUnsignedString(sector)
                    + " lies beyond the end of " + file.name() + " (" + file.size() + " bytes)");
        }
        file.requireWithin(sector * SECTOR_SIZE, length, what);
        return sector * SECTOR_SIZE;
    }

    long directorySector() {
        return directorySector;
    }

    int tableCount() {
        return tableSectors.length;
    }

    /** The entries of grain table {@code index}, or null when the directory says the table was never allocated. */
    int[] table(int index) throws IOException {
        if (tableSectors[index] == 0) {
            return null;
        }
        synchronized (cache) {
            int[] cached = cache.get(index);
            if (cached != null) {
                return cached;
            }
        }
        // Read outside the lock so other threads' lookups never wait for I/O; two threads may read the same table.
        long offset = Integer.toUnsignedLong(tableSectors[index]) * SECTOR_SIZE;
        int[] entries = new int[header.tableEntries()];
        file.read(offset, header.tableBytes(), "grain table " + index).asIntBuffer().get(entries);
        synchronized (cache) {
            cache.put(index, entries);
            if (cache.size() > cacheCapacity) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return entries;
    }

    /** The raw grain table entry for {@code grain}: 0 unallocated, 1 possibly zeroed, else a sector. */
    long entry(long grain) throws IOException {
        int[] table = table((int) (grain / header.tableEntries()));
        return table == null ? 0 : Integer.toUnsignedLong(table[(int) (grain % header.tableEntries())]);
    }

    /** What a grain table entry means; {@code grain} is only for the message when the entry is invalid. */
    Allocation allocationOf(long entry, long grain) throws ImageFormatException {
        if (entry == 0) {
            return Allocation.UNALLOCATED;
        }
        if (entry == VmdkFormat.ZEROED_GRAIN_ENTRY) {
            if (!header.zeroedGrainEntries()) {
                throw VmdkFormat.corrupt(grainEntryOffset(grain),
                        "grain table entry 1 (zeroed grain) in an extent whose header does not allow zeroed grains");
            }
            return Allocation.ZERO;
        }
        if (entry < header.overhead()) {
            throw VmdkFormat.corrupt(grainEntryOffset(grain), "grain " + grain + " at sector " + entry
                    + " lies inside the metadata (the first " + header.overhead() + " sectors)");
        }
        return Allocation.DATA;
    }

    /** Where in the file the table entry of {@code grain} lives, for messages. */
    long grainEntryOffset(long grain) {
        int index = (int) (grain / header.tableEntries());
        return Integer.toUnsignedLong(tableSectors[index]) * SECTOR_SIZE + 4 * (grain % header.tableEntries());
    }
}
