package dev.ferry.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.GuestRange;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.ParentFallback;
import dev.ferry.disk.ZeroBytes;
import dev.ferry.disk.qcow2.ClusterRun.Kind;
import dev.ferry.disk.source.ByteSource;

/**
 * A qcow2 image (version 2 or 3) read through its active L1 table: standard, compressed and zero clusters, extended
 * L2 entries, and a backing image for unallocated clusters. Internal snapshots are not read, only counted.
 */
public final class Qcow2Image implements DiskImage {

    private final ByteSource source;
    private final Qcow2Header header;
    private final HeaderExtensions extensions;
    private final long fileSize;
    private final ClusterMap map;
    private final String backingName;
    private final DiskImage backing;
    private final List<String> warnings;

    private Qcow2Image(ByteSource source, Qcow2Header header, HeaderExtensions extensions, long fileSize,
            ClusterMap map, String backingName, DiskImage backing, List<String> warnings) {
        this.source = source;
        this.header = header;
        this.extensions = extensions;
        this.fileSize = fileSize;
        this.map = map;
        this.backingName = backingName;
        this.backing = backing;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Opens the image in {@code source}, and its backing image through {@code opener}. Takes ownership of
     * {@code source} only when it returns.
     */
    public static Qcow2Image open(ByteSource source, ImageOpener opener) throws IOException {
        long fileSize = source.size();
        ByteBuffer fixed = ByteBuffer.allocate((int) Math.min(fileSize, Qcow2Header.FIXED_PART));
        source.readFully(0, fixed);
        Qcow2Header header = Qcow2Header.parse(fixed.flip(), fileSize);
        ByteBuffer firstCluster = ByteBuffer.allocate((int) Math.min(fileSize, header.clusterSize()));
        source.readFully(0, firstCluster);
        int extensionsEnd = firstCluster.capacity();
        if (header.hasBackingFile()) {
            extensionsEnd = (int) Math.max(header.headerLength(), Math.min(extensionsEnd, header.backingFileOffset()));
        }
        HeaderExtensions extensions = HeaderExtensions.parse(firstCluster, header.headerLength(), extensionsEnd);
        List<String> warnings = new ArrayList<>(ReadableFeatures.check(header, extensions));
        long[] l1 = readL1(source, header);
        ClusterMap.checkL2TablesDistinct(l1, header.l1TableOffset());
        ClusterMap map = new ClusterMap(header, l1, fileSize, new L2TableCache(source, (int) header.clusterSize()),
                !header.hasBackingFile());
        String backingName = null;
        DiskImage backing = null;
        if (header.hasBackingFile()) {
            byte[] name = new byte[header.backingFileSize()];
            firstCluster.get((int) header.backingFileOffset(), name);
            backingName = new String(name, StandardCharsets.UTF_8);
            backing = openBacking(source, opener, header, backingName, extensions.backingFormat());
        }
        if (header.snapshotCount() != 0) {
            warnings.add(header.snapshotCount() + " internal snapshot(s) are not converted; only the active state is");
        }
        return new Qcow2Image(source, header, extensions, fileSize, map, backingName, backing, warnings);
    }

    private static long[] readL1(ByteSource source, Qcow2Header header) throws IOException {
        // Entries past what the virtual size needs are never followed, so they are not read.
        int entries = (int) header.requiredL1Entries();
        long[] l1 = new long[entries];
        if (entries > 0) {
            ByteBuffer bytes = ByteBuffer.allocate(entries * Long.BYTES);
            source.readFully(header.l1TableOffset(), bytes);
            bytes.flip().asLongBuffer().get(l1);
        }
        return l1;
    }

    private static DiskImage openBacking(ByteSource source, ImageOpener opener, Qcow2Header header, String name,
            String declaredFormat) throws IOException {
        long at = header.backingFileOffset();
        DiskImage backing;
        try {
            backing = opener.openRelated(source, name);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(Qcow2.FORMAT, at, "backing file '" + name + "' does not exist", e);
        } catch (ImageFormatException | SecurityException | UnsupportedOperationException e) {
            throw new ImageFormatException(Qcow2.FORMAT, at, "cannot open backing file '" + name + "': "
                    + e.getMessage(), e);
        }
        if (declaredFormat != null && !declaredFormat.equals(backing.format().qemuName())
                && !declaredFormat.equals(backing.format().displayName())) {
            // Trusting content over a declared "raw" would let a guest-written raw disk pose as an image.
            backing.close();
            throw new ImageFormatException(Qcow2.FORMAT, at, "backing file '" + name + "' is declared as "
                    + declaredFormat + " but its content is " + backing.format().displayName());
        }
        return backing;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public long virtualSize() {
        return header.size();
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        GuestRange.require(offset, destination.remaining(), header.size());
        CompressedClusterReader compressed = null;
        try {
            long position = offset;
            while (destination.hasRemaining()) {
                ClusterRun run = map.mappingAt(position, destination.remaining());
                if (run.kind() == Kind.COMPRESSED) {
                    if (compressed == null) {
                        compressed = new CompressedClusterReader(source, (int) header.clusterSize());
                    }
                    List<ClusterRun> batch = compressedBatch(run, position + destination.remaining());
                    long length = batch.get(batch.size() - 1).end() - position;
                    compressed.read(batch, slice(destination, length));
                    position += length;
                    destination.position(destination.position() + (int) length);
                    continue;
                }
                ByteBuffer part = slice(destination, run.length());
                switch (run.kind()) {
                    case DATA -> readStored(run.hostOffset(), part);
                    case ZERO -> ZeroBytes.fill(part);
                    default -> ParentFallback.read(backing, position, part);
                }
                position += run.length();
                destination.position(destination.position() + (int) run.length());
            }
        } finally {
            if (compressed != null) {
                compressed.close();
            }
        }
    }

    /** The compressed runs from {@code first} on whose data fits one batched read. */
    private List<ClusterRun> compressedBatch(ClusterRun first, long end) throws IOException {
        List<ClusterRun> batch = new ArrayList<>();
        batch.add(first);
        long bytes = first.compressedLength();
        ClusterRun last = first;
        while (last.end() < end && bytes < CompressedClusterReader.BATCH_BYTES / 2) {
            ClusterRun next = map.mappingAt(last.end(), end - last.end());
            if (next.kind() != Kind.COMPRESSED) {
                break;
            }
            batch.add(next);
            bytes += next.compressedLength();
            last = next;
        }
        return batch;
    }

    private void readStored(long hostOffset, ByteBuffer part) throws IOException {
        // A last data cluster cut short by the end of the file reads as zeros past it, as in qemu.
        long available = Math.max(0, Math.min(part.remaining(), fileSize - hostOffset));
        ByteBuffer stored = part.duplicate().limit(part.position() + (int) available);
        source.readFully(hostOffset, stored);
        ZeroBytes.fill(part.position(stored.position()));
    }

    private static ByteBuffer slice(ByteBuffer destination, long length) {
        return destination.slice(destination.position(), (int) length);
    }

    @Override
    public Extent extent(long offset, long maxLength) throws IOException {
        GuestRange.requireExtent(offset, maxLength, header.size());
        ClusterRun run = map.allocationAt(offset, Math.min(maxLength, header.size() - offset));
        return switch (run.kind()) {
            case DATA, COMPRESSED -> Extent.data(offset, run.length());
            case ZERO -> Extent.zeros(offset, run.length());
            case UNALLOCATED -> ParentFallback.extent(backing, offset, run.length());
        };
    }

    @Override
    public ImageInfo info() throws IOException {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("compat", header.version() == 2 ? "0.10" : "1.1");
        details.put("compression type", header.compressionType() == Qcow2.COMPRESSION_ZLIB ? "zlib" : "zstd");
        details.put("snapshots", Integer.toString(header.snapshotCount()));
        details.put("dirty", Boolean.toString(header.has(Qcow2.INCOMPATIBLE_DIRTY)));
        details.put("lazy refcounts",
                Boolean.toString((header.compatibleFeatures() & Qcow2.COMPATIBLE_LAZY_REFCOUNTS) != 0));
        details.put("refcount bits", Integer.toString(1 << header.refcountOrder()));
        details.put("extended l2", Boolean.toString(header.has(Qcow2.INCOMPATIBLE_EXTENDED_L2)));
        if (extensions.bitmapCount() > 0) {
            details.put("bitmaps", Integer.toString(extensions.bitmapCount()));
        }
        if (extensions.backingFormat() != null) {
            details.put("backing format", extensions.backingFormat());
        }
        return new ImageInfo(ImageFormat.QCOW2, "v" + header.version(), header.size(), fileSize,
                header.clusterSize(), backingName, details, warnings);
    }

    @Override
    public void close() throws IOException {
        try (source) {
            if (backing != null) {
                backing.close();
            }
        }
    }
}
