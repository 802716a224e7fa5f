package dev.ferry.disk.vmdk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.GuestRange;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.ParentFallback;

/**
 * A VMDK disk: its extents laid end to end, and for a delta disk the parent that unallocated grains read from.
 * Immutable after opening; reads and extent queries are safe from several threads.
 */
final class VmdkImage implements DiskImage {

    private final String createType;
    private final Descriptor descriptor;
    private final ExtentFile descriptorFile;
    private final List<VmdkExtent> extents;
    private final long[] starts;
    private final long size;
    private final DiskImage parent;
    private final List<String> warnings;

    /**
     * @param createType the subformat
     * @param descriptor the text or embedded descriptor, or null for a sparse extent opened on its own
     * @param descriptorFile the descriptor's own file when it is separate from the extents, else null
     * @param extents the extents in guest order
     * @param parent the parent of a delta disk, or null
     * @param warnings what a person should know about the image
     */
    VmdkImage(String createType, Descriptor descriptor, ExtentFile descriptorFile, List<VmdkExtent> extents,
            DiskImage parent, List<String> warnings) {
        this.createType = createType;
        this.descriptor = descriptor;
        this.descriptorFile = descriptorFile;
        this.extents = List.copyOf(extents);
        this.starts = new long[extents.size()];
        long offset = 0;
        for (int index = 0; index < extents.size(); index++) {
            starts[index] = offset;
            offset += extents.get(index).length();
        }
        this.size = offset;
        this.parent = parent;
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.VMDK;
    }

    @Override
    public long virtualSize() {
        return size;
    }

    long cid() {
        return descriptor == null ? VmdkFormat.NO_PARENT_CID : descriptor.cid();
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        GuestRange.require(offset, destination.remaining(), size);
        long position = offset;
        while (destination.hasRemaining()) {
            int index = extentIndex(position);
            VmdkExtent extent = extents.get(index);
            long within = position - starts[index];
            int count = (int) Math.min(destination.remaining(), extent.length() - within);
            ByteBuffer piece = destination.slice(destination.position(), count);
            if (parent == null) {
                extent.read(within, piece);
            } else {
                readOverParent(extent, within, position, piece);
            }
            destination.position(destination.position() + count);
            position += count;
        }
    }

    /** Reads a delta disk's extent: unallocated runs come from the parent (zeros beyond the parent's end). */
    private void readOverParent(VmdkExtent extent, long within, long position, ByteBuffer piece) throws IOException {
        long done = 0;
        while (piece.hasRemaining()) {
            AllocationRun run = extent.run(within + done, piece.remaining());
            ByteBuffer part = piece.slice(piece.position(), (int) run.length());
            if (run.allocation() == Allocation.UNALLOCATED) {
                ParentFallback.read(parent, position + done, part);
            } else {
                extent.read(within + done, part);
            }
            piece.position(piece.position() + (int) run.length());
            done += run.length();
        }
    }

    @Override
    public Extent extent(long offset, long maxLength) throws IOException {
        GuestRange.requireExtent(offset, maxLength, size);
        long end = Math.min(size, offset + maxLength);
        long position = offset;
        Boolean zero = null;
        while (position < end) {
            int index = extentIndex(position);
            VmdkExtent extent = extents.get(index);
            long within = position - starts[index];
            AllocationRun run = extent.run(within, Math.min(end - position, extent.length() - within));
            long length = run.length();
            boolean runZero = switch (run.allocation()) {
                case DATA -> false;
                case ZERO -> true;
                case UNALLOCATED -> {
                    Extent inParent = ParentFallback.extent(parent, position, length);
                    length = inParent.length();
                    yield inParent.zero();
                }
            };
            if (zero != null && zero != runZero) {
                break;
            }
            zero = runZero;
            position += length;
        }
        return new Extent(offset, position - offset, zero);
    }

    private int extentIndex(long position) {
        int found = Arrays.binarySearch(starts, position);
        int index = found >= 0 ? found : -found - 2;
        // Skip any zero-length entries so the index always has bytes at position.
        while (index + 1 < starts.length && starts[index + 1] == position) {
            index++;
        }
        return index;
    }

    @Override
    public ImageInfo info() throws IOException {
        Map<String, String> details = new LinkedHashMap<>();
        SparseExtentHeader sparse = firstSparseHeader();
        long clusterSize = 0;
        if (sparse != null) {
            clusterSize = sparse.grainBytes();
            details.put("sparse extent version", Integer.toString(sparse.version()));
            details.put("compression", sparse.compressed() ? "deflate" : "none");
        }
        if (descriptor != null) {
            details.put("CID", String.format(Locale.ROOT, "%08x", descriptor.cid()));
            details.put("parent CID", String.format(Locale.ROOT, "%08x", descriptor.parentCid()));
            putIfPresent(details, "adapter type", descriptor.database().get("ddb.adapterType"));
            putIfPresent(details, "hardware version", descriptor.database().get("ddb.virtualHWVersion"));
            String cylinders = descriptor.database().get("ddb.geometry.cylinders");
            if (cylinders != null) {
                details.put("geometry", cylinders + "/" + descriptor.database().get("ddb.geometry.heads") + "/"
                        + descriptor.database().get("ddb.geometry.sectors"));
            }
        }
        details.put("extents", Integer.toString(extents.size()));
        String backing = descriptor == null ? null : descriptor.parentFileNameHint();
        return new ImageInfo(ImageFormat.VMDK, createType, size, fileSize(), clusterSize, backing, details,
                allWarnings());
    }

    private SparseExtentHeader firstSparseHeader() {
        for (VmdkExtent extent : extents) {
            if (extent instanceof SparseExtent sparse) {
                return sparse.header();
            }
        }
        return null;
    }

    private List<String> allWarnings() {
        List<String> all = new ArrayList<>(warnings);
        for (VmdkExtent extent : extents) {
            if (extent instanceof SparseExtent sparse) {
                all.addAll(sparse.warnings());
            }
        }
        return all;
    }

    private long fileSize() {
        Set<String> counted = new LinkedHashSet<>();
        long total = 0;
        if (descriptorFile != null && counted.add(descriptorFile.name())) {
            total += descriptorFile.size();
        }
        for (VmdkExtent extent : extents) {
            ExtentFile file = extent.file();
            if (file != null && counted.add(file.name())) {
                total += file.size();
            }
        }
        return total;
    }

    private static void putIfPresent(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    @Override
    public void close() throws IOException {
        List<Closeable> resources = new ArrayList<>(extents);
        if (descriptorFile != null) {
            resources.add(descriptorFile);
        }
        if (parent != null) {
            resources.add(parent);
        }
        closeAll(resources);
    }

    /** Closes every resource even when some fail, then reports the first failure. */
    static void closeAll(List<? extends Closeable> resources) throws IOException {
        IOException first = null;
        for (Closeable resource : resources) {
            try {
                resource.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
