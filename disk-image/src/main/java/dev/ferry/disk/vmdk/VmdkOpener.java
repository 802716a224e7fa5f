package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;

/**
 * Turns a VMDK file into a {@link VmdkImage}: a sparse extent with its embedded descriptor, or a text descriptor whose
 * extents are opened next to it (never outside its folder), plus the parent of a delta disk.
 */
final class VmdkOpener {

    private final ByteSource source;
    private final ImageOpener opener;
    private final List<Closeable> opened = new ArrayList<>();

    private VmdkOpener(ByteSource source, ImageOpener opener) {
        this.source = source;
        this.opener = opener;
    }

    /** Opens the image; on failure closes whatever it opened besides {@code source}, which the caller owns. */
    static VmdkImage open(ByteSource source, ImageOpener opener) throws IOException {
        VmdkOpener vmdk = new VmdkOpener(source, opener);
        try {
            return vmdk.open();
        } catch (IOException | RuntimeException e) {
            try {
                VmdkImage.closeAll(vmdk.opened);
            } catch (IOException closeProblem) {
                e.addSuppressed(closeProblem);
            }
            throw e;
        }
    }

    private VmdkImage open() throws IOException {
        ExtentFile file = new ExtentFile(source);
        if (file.size() < Integer.BYTES) {
            throw VmdkFormat.corrupt(0, file.name() + " is too short to be a VMDK (" + file.size() + " bytes)");
        }
        int magic = file.read(0, Integer.BYTES, "magic").order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == VmdkFormat.SPARSE_MAGIC) {
            return openMonolithic(file);
        }
        if (magic == VmdkFormat.COWD_MAGIC) {
            throw VmdkFormat.unsupported(file.name() + " is an ESX 2.x / vmfsSparse (COWD) extent, which Ferry"
                    + " does not read; consolidate the snapshot or convert the disk on the ESXi host first");
        }
        return openDescriptorFile(file);
    }

    private VmdkImage openMonolithic(ExtentFile file) throws IOException {
        SparseExtent extent = SparseExtent.open(file, -1, GrainDirectory.CACHE_BYTES);
        opened.add(extent);
        Descriptor descriptor = extent.embeddedDescriptor();
        List<String> warnings = new ArrayList<>();
        String createType;
        if (descriptor != null) {
            createType = descriptor.createType();
        } else {
            createType = extent.header().compressed() ? "streamOptimized" : "monolithicSparse";
            warnings.add(file.name() + " has no embedded descriptor: it may be one extent of a split disk");
        }
        DiskImage parent = openParent(descriptor);
        return new VmdkImage(createType, descriptor, null, List.of(extent), parent, warnings);
    }

    private VmdkImage openDescriptorFile(ExtentFile file) throws IOException {
        if (file.size() > VmdkFormat.MAX_DESCRIPTOR_SIZE) {
            throw VmdkFormat.corrupt(0, "descriptor file " + file.name() + " of " + file.size()
                    + " bytes is larger than the supported " + VmdkFormat.MAX_DESCRIPTOR_SIZE);
        }
        ByteBuffer text = file.read(0, (int) file.size(), "descriptor");
        Descriptor descriptor = DescriptorParser.parse(text.array(), 0);
        if (descriptor.extents().isEmpty()) {
            throw VmdkFormat.corrupt(0, "descriptor " + file.name() + " lists no extents");
        }
        List<VmdkExtent> extents = new ArrayList<>();
        int cacheShare = GrainDirectory.CACHE_BYTES / descriptor.extents().size();
        for (ExtentLine line : descriptor.extents()) {
            extents.add(openExtent(line, cacheShare));
        }
        List<String> warnings = new ArrayList<>();
        if (descriptor.extents().stream().anyMatch(line -> line.access().equals("RDONLY"))) {
            warnings.add("some extents are read-only (RDONLY)");
        }
        DiskImage parent = openParent(descriptor);
        return new VmdkImage(descriptor.createType(), descriptor, file, extents, parent, warnings);
    }

    private VmdkExtent openExtent(ExtentLine line, int cacheBytes) throws IOException {
        long length = line.sectors() * SECTOR_SIZE;
        switch (line.type()) {
            case "ZERO" -> {
                return new ZeroExtent(length);
            }
            case "FLAT", "VMFS", "SPARSE" -> {
                if (line.access().equals("NOACCESS")) {
                    throw VmdkFormat.corrupt(line.lineOffset(), "extent " + line.fileName() + " is marked NOACCESS");
                }
                ExtentFile file = new ExtentFile(openSibling(line));
                if (line.type().equals("SPARSE")) {
                    SparseExtent extent = SparseExtent.open(file, length, cacheBytes);
                    opened.add(extent);
                    return extent;
                }
                FlatExtent extent = FlatExtent.open(file, line.startSector() * SECTOR_SIZE, length, line.lineOffset());
                opened.add(extent);
                return extent;
            }
            default -> throw VmdkFormat.unsupported("extent type " + line.type() + " ("
                    + line.type().toLowerCase(Locale.ROOT) + " extents of ESXi snapshots or raw device mappings)"
                    + " is not supported; consolidate snapshots or export the disk first");
        }
    }

    /** Opens the file an extent line names, registering it for clean-up until it belongs to an extent. */
    private ByteSource openSibling(ExtentLine line) throws IOException {
        ByteSource sibling;
        try {
            sibling = source.openSibling(line.fileName());
        } catch (SecurityException e) {
            throw VmdkFormat.corrupt(line.lineOffset(), "extent file " + line.fileName() + " lies outside the"
                    + " descriptor's folder: " + e.getMessage());
        }
        opened.add(sibling);
        return sibling;
    }

    private DiskImage openParent(Descriptor descriptor) throws IOException {
        if (descriptor == null || !descriptor.hasParent()) {
            if (descriptor != null && descriptor.parentCid() != VmdkFormat.NO_PARENT_CID) {
                throw VmdkFormat.unsupported("delta disk " + source.describe()
                        + " names a parent CID but no parentFileNameHint, so its parent cannot be found");
            }
            return null;
        }
        DiskImage parent;
        try {
            parent = opener.openRelated(source, descriptor.parentFileNameHint());
        } catch (SecurityException e) {
            throw VmdkFormat.unsupported("parent " + descriptor.parentFileNameHint() + " of delta disk "
                    + source.describe() + " lies outside its folder: " + e.getMessage());
        }
        opened.add(parent);
        if (parent instanceof VmdkImage vmdkParent && vmdkParent.cid() != descriptor.parentCid()) {
            throw VmdkFormat.unsupported(String.format(Locale.ROOT, "parent %s has content ID %08x but delta disk"
                    + " %s expects %08x: the parent changed after the snapshot was taken",
                    descriptor.parentFileNameHint(), vmdkParent.cid(), source.describe(), descriptor.parentCid()));
        }
        return parent;
    }
}
