package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ZeroBytes;

/**
 * A hosted sparse extent (magic "KDMV"): monolithicSparse, an extent of twoGbMaxExtentSparse, or streamOptimized with
 * compressed grains. Reads go through the grain directory, so they are positional and safe from several threads.
 */
final class SparseExtent implements VmdkExtent {

    private final ExtentFile file;
    private final SparseExtentHeader header;
    private final GrainDirectory directory;
    private final long length;
    private final int grainBytes;
    private final CompressedGrainReader compressedReader;
    private final GrainInflater inflater;
    private final List<String> warnings;

    private SparseExtent(ExtentFile file, SparseExtentHeader header, GrainDirectory directory, long length,
            List<String> warnings) {
        this.file = file;
        this.header = header;
        this.directory = directory;
        this.length = length;
        this.grainBytes = header.grainBytes();
        this.inflater = header.compressed() ? new GrainInflater() : null;
        this.compressedReader = header.compressed()
                ? new CompressedGrainReader(file, directory, inflater, grainBytes)
                : null;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Opens the sparse extent in {@code file}.
     *
     * @param length guest bytes the descriptor gives the extent, or -1 to take the header's capacity
     * @param cacheBytes this extent's share of the image's grain table cache
     */
    static SparseExtent open(ExtentFile file, long length, int cacheBytes) throws IOException {
        SparseExtentHeader primary = SparseExtentHeader.parse(
                file.read(0, SparseExtentHeader.SIZE, "sparse extent header"), 0);
        SparseExtentHeader header = primary.directoryOffset() == VmdkFormat.DIRECTORY_AT_END
                ? StreamFooter.read(file, primary)
                : primary;
        long capacityBytes = header.capacity() * SECTOR_SIZE;
        if (length > capacityBytes) {
            throw VmdkFormat.corrupt(12, "sparse extent " + file.name() + " holds " + capacityBytes
                    + " bytes, fewer than the " + length + " its descriptor gives it");
        }
        List<String> warnings = new ArrayList<>();
        if (primary.uncleanShutdown()) {
            warnings.add(file.name() + " was not closed cleanly (unclean shutdown flag set): the VM may have crashed"
                    + " or still be running");
        }
        GrainDirectory directory = readDirectory(file, header, cacheBytes, warnings);
        return new SparseExtent(file, header, directory, length < 0 ? capacityBytes : length, warnings);
    }

    /** Uses the primary grain directory, falling back to the redundant copy only when the primary is unusable. */
    private static GrainDirectory readDirectory(ExtentFile file, SparseExtentHeader header, int cacheBytes,
            List<String> warnings) throws IOException {
        try {
            return GrainDirectory.read(file, header, header.directoryOffset(), cacheBytes);
        } catch (ImageFormatException primaryProblem) {
            long redundant = header.redundantDirectoryOffset();
            if (!header.hasFlag(VmdkFormat.FLAG_REDUNDANT_DIRECTORY) || redundant == 0) {
                throw primaryProblem;
            }
            try {
                GrainDirectory directory = GrainDirectory.read(file, header, redundant, cacheBytes);
                warnings.add("the grain directory of " + file.name() + " is damaged (" + primaryProblem.getMessage()
                        + "); read through its redundant copy");
                return directory;
            } catch (ImageFormatException redundantProblem) {
                primaryProblem.addSuppressed(redundantProblem);
                throw primaryProblem;
            }
        }
    }

    SparseExtentHeader header() {
        return header;
    }

    List<String> warnings() {
        return warnings;
    }

    /** The embedded descriptor of a monolithic sparse file, or null when it has none (or an empty one). */
    Descriptor embeddedDescriptor() throws IOException {
        long sectors = header.descriptorSize();
        if (header.descriptorOffset() == 0 || sectors == 0) {
            return null;
        }
        if (sectors < 0 || sectors > VmdkFormat.MAX_DESCRIPTOR_SIZE / SECTOR_SIZE) {
            throw VmdkFormat.corrupt(36, "embedded descriptor of " + Long.toUnsignedString(sectors)
                    + " sectors is larger than the supported " + VmdkFormat.MAX_DESCRIPTOR_SIZE + " bytes");
        }
        long sector = header.descriptorOffset();
        if (sector < 0 || sector > file.size() / SECTOR_SIZE) {
            throw VmdkFormat.corrupt(28, "embedded descriptor at sector " + Long.toUnsignedString(sector)
                    + " lies beyond the end of " + file.name());
        }
        // qemu's extents of split disks reserve room for a descriptor but leave it empty.
        int available = (int) Math.min(sectors * SECTOR_SIZE, file.size() - sector * SECTOR_SIZE);
        ByteBuffer text = file.read(sector * SECTOR_SIZE, available, "embedded descriptor");
        if (!text.hasRemaining() || text.get(0) == 0) {
            return null;
        }
        return DescriptorParser.parse(text.array(), sector * SECTOR_SIZE);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public ExtentFile file() {
        return file;
    }

    @Override
    public AllocationRun run(long offset, long maxLength) throws IOException {
        long end = Math.min(length, offset + maxLength);
        int entries = header.tableEntries();
        long position = offset;
        Allocation kind = null;
        while (position < end) {
            long grain = position / grainBytes;
            int tableIndex = (int) (grain / entries);
            int[] table = directory.table(tableIndex);
            Allocation found;
            long next;
            if (table == null) {
                found = Allocation.UNALLOCATED;
                next = (tableIndex + 1L) * header.tableCoverage();
            } else {
                long tableFirstGrain = (long) tableIndex * entries;
                int index = (int) (grain - tableFirstGrain);
                found = allocationOf(table, index, tableFirstGrain);
                int last = index + 1;
                long lastNeeded = (end - 1) / grainBytes - tableFirstGrain;
                while (last < entries && last <= lastNeeded && allocationOf(table, last, tableFirstGrain) == found) {
                    last++;
                }
                next = (tableFirstGrain + last) * grainBytes;
            }
            if (kind != null && found != kind) {
                break;
            }
            kind = found;
            position = Math.min(next, end);
        }
        return new AllocationRun(position - offset, kind);
    }

    private Allocation allocationOf(int[] table, int index, long tableFirstGrain) throws ImageFormatException {
        return directory.allocationOf(Integer.toUnsignedLong(table[index]), tableFirstGrain + index);
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        long position = offset;
        while (destination.hasRemaining()) {
            long grain = position / grainBytes;
            int inGrain = (int) (position - grain * grainBytes);
            long entry = directory.entry(grain);
            int count;
            if (directory.allocationOf(entry, grain) != Allocation.DATA) {
                count = Math.min(destination.remaining(), grainBytes - inGrain);
                ZeroBytes.put(destination, count);
            } else if (compressedReader != null) {
                count = compressedReader.read(position, destination);
            } else {
                count = readContiguousGrains(position, entry, destination);
            }
            position += count;
        }
    }

    /** Reads uncompressed grains that follow each other in the file with one read; returns the bytes read. */
    private int readContiguousGrains(long position, long firstEntry, ByteBuffer destination) throws IOException {
        long grain = position / grainBytes;
        int inGrain = (int) (position - grain * grainBytes);
        int count = Math.min(destination.remaining(), grainBytes - inGrain);
        long expected = firstEntry + header.grainSize();
        while (count < destination.remaining() && directory.entry(grain + 1) == expected) {
            count += Math.min(grainBytes, destination.remaining() - count);
            grain++;
            expected += header.grainSize();
        }
        ByteBuffer slice = destination.slice(destination.position(), count);
        file.readFully(firstEntry * SECTOR_SIZE + inGrain, slice, "grain data of guest offset " + position);
        destination.position(destination.position() + count);
        return count;
    }

    @Override
    public void close() throws IOException {
        if (inflater != null) {
            inflater.close();
        }
        file.close();
    }
}
