package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.vhd.VhdFileSurgery;
import dev.ferry.disk.vhdx.VhdxFileSurgery;

/**
 * Every kind of image Ferry reads, made from a raw ground truth by qemu-img (the tool that makes most of them in the
 * field), or by surgery on qemu's output for the differencing disks qemu cannot make. Each kind says what qemu-img
 * should compare a conversion's output with: the source itself where qemu reads it correctly, the ground truth
 * where it does not.
 */
public enum ReadableSource {

    RAW(ImageFormat.RAW, "raw") {
        @Override
        Made make(Path groundTruth, Path folder) throws IOException {
            Path copy = Files.copy(groundTruth, folder.resolve("disk.raw"));
            return new Made(copy, copy, "raw");
        }
    },
    VMDK_MONOLITHIC_SPARSE(ImageFormat.VMDK, "monolithicSparse", "subformat=monolithicSparse"),
    VMDK_STREAM_OPTIMIZED(ImageFormat.VMDK, "streamOptimized", "subformat=streamOptimized"),
    VMDK_MONOLITHIC_FLAT(ImageFormat.VMDK, "monolithicFlat", "subformat=monolithicFlat"),
    VMDK_SPLIT_SPARSE(ImageFormat.VMDK, "twoGbMaxExtentSparse", "subformat=twoGbMaxExtentSparse"),
    VMDK_SPLIT_FLAT(ImageFormat.VMDK, "twoGbMaxExtentFlat", "subformat=twoGbMaxExtentFlat"),
    VHD_FIXED(ImageFormat.VHD, "fixed", "subformat=fixed", "force_size=on"),
    VHD_DYNAMIC(ImageFormat.VHD, "dynamic", "subformat=dynamic", "force_size=on"),
    /** A dynamic VHD turned into a differencing child of a dynamic VHD; qemu reads such a disk without its parent. */
    VHD_DIFFERENCING(ImageFormat.VHD, "differencing", "subformat=dynamic", "force_size=on") {
        @Override
        Made make(Path groundTruth, Path folder) throws IOException {
            Path parent = qemuConvert(flippedInside(groundTruth, folder.resolve("parent.raw")), folder, "parent");
            Path child = qemuConvert(onlyInside(groundTruth, folder.resolve("child.raw")), folder, "child");
            VhdFileSurgery.makeDifferencing(child, parent);
            return new Made(child, groundTruth, "raw");
        }
    },
    VHDX_FIXED(ImageFormat.VHDX, "fixed", "subformat=fixed"),
    VHDX_DYNAMIC(ImageFormat.VHDX, "dynamic", "subformat=dynamic"),
    /** A dynamic VHDX with 1 MiB blocks turned into a differencing child; qemu cannot read these at all. */
    VHDX_DIFFERENCING(ImageFormat.VHDX, "differencing", "subformat=dynamic", "block_size=1048576") {
        @Override
        Made make(Path groundTruth, Path folder) throws IOException {
            Path parent = qemuConvert(flippedInside(groundTruth, folder.resolve("parent.raw")), folder, "parent");
            Path child = qemuConvert(onlyInside(groundTruth, folder.resolve("child.raw")), folder, "child");
            long blocks = (Files.size(groundTruth) + MIB - 1) / MIB;
            for (long block = CHILD_REGION / MIB; block < blocks; block++) {
                VhdxFileSurgery.markNotPresent(child, block);
            }
            VhdxFileSurgery.makeDifferencing(child, parent);
            return new Made(child, groundTruth, "raw");
        }
    },
    QCOW2_V2(ImageFormat.QCOW2, "v2", "compat=0.10"),
    QCOW2_V3(ImageFormat.QCOW2, "v3", "compat=1.1"),
    QCOW2_COMPRESSED(ImageFormat.QCOW2, "v3") {
        @Override
        Made make(Path groundTruth, Path folder) {
            Path image = folder.resolve("disk.qcow2");
            QemuImg.convertCompressed(groundTruth, "raw", image, "qcow2");
            return new Made(image, image, "qcow2");
        }
    },
    QCOW2_EXTENDED_L2(ImageFormat.QCOW2, "v3", "extended_l2=on", "cluster_size=131072"),
    /**
     * A qcow2 overlay over a qcow2 backing file: the overlay holds the first region, the backing file the rest, and
     * zero clusters in the overlay hide the backing file's data in two places.
     */
    QCOW2_BACKING(ImageFormat.QCOW2, "v3") {
        @Override
        Made make(Path groundTruth, Path folder) throws IOException {
            qemuConvert(flippedInside(groundTruth, folder.resolve("base.raw")), folder, "base");
            Path overlay = qemuConvert(onlyInside(groundTruth, folder.resolve("overlay.raw")), folder, "overlay");
            QemuImg.runChecked(List.of("rebase", "-u", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2",
                    overlay.toString()));
            QemuIo.run(overlay, "qcow2", "write -z 64k 64k", "write -z " + CHILD_REGION + " 64k");
            return new Made(overlay, overlay, "qcow2");
        }
    };

    /**
     * An image made for a test.
     *
     * @param image the file to open
     * @param reference what a faithful conversion of the image must equal, for {@code qemu-img compare}
     * @param referenceFormat qemu's name of the reference's format
     */
    public record Made(Path image, Path reference, String referenceFormat) {
    }

    /** The differencing kinds keep {@code [0, CHILD_REGION)} in the child and the rest in the parent. */
    public static final long CHILD_REGION = 2 << 20;
    /** Disks for {@link #make} must be larger than this, so that parent and child both hold some of it. */
    public static final long MINIMUM_SIZE = CHILD_REGION + (64 << 10);

    private static final long MIB = 1 << 20;

    private final ImageFormat format;
    private final String subformat;
    private final String qemuFormat;
    private final String[] qemuOptions;

    ReadableSource(ImageFormat format, String subformat, String... qemuOptions) {
        this.format = format;
        this.subformat = subformat;
        this.qemuFormat = format.qemuName();
        this.qemuOptions = qemuOptions;
    }

    /** The format the image has. */
    public ImageFormat format() {
        return format;
    }

    /** The subformat Ferry's reader reports for the image, as in {@link dev.ferry.disk.ImageInfo#subformat()}. */
    public String subformat() {
        return subformat;
    }

    /**
     * Makes an image of this kind, in {@code folder} (created if needed; one folder per image), holding the guest
     * bytes of {@code groundTruth}, a raw file of at least {@link #MINIMUM_SIZE} bytes and a multiple of 512.
     */
    public Made create(Path groundTruth, Path folder) throws IOException {
        if (Files.size(groundTruth) < MINIMUM_SIZE || Files.size(groundTruth) % 512 != 0) {
            throw new IllegalArgumentException("ground truth must be at least " + MINIMUM_SIZE
                    + " bytes and a multiple of 512: " + groundTruth);
        }
        return make(groundTruth, Files.createDirectories(folder));
    }

    Made make(Path groundTruth, Path folder) throws IOException {
        Path image = qemuConvert(groundTruth, folder, "disk");
        return new Made(image, image, qemuFormat);
    }

    /** Converts with this kind's qemu format and options into {@code folder/name.<extension>}. */
    Path qemuConvert(Path raw, Path folder, String name) {
        Path image = folder.resolve(name + "." + (qemuFormat.equals("vpc") ? "vhd" : qemuFormat));
        QemuImg.convert(raw, "raw", image, qemuFormat, qemuOptions);
        return image;
    }

    /** A copy of the ground truth with nothing but its first {@link #CHILD_REGION} bytes: what a child holds. */
    static Path onlyInside(Path groundTruth, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(groundTruth, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer region = ByteBuffer.allocate((int) CHILD_REGION);
            in.read(region, 0);
            out.write(region.flip(), 0);
            out.write(ByteBuffer.allocate(1), in.size() - 1);
        }
        return target;
    }

    /**
     * A copy of the ground truth whose first {@link #CHILD_REGION} bytes are inverted where they are not zero: what a
     * parent holds, wrong wherever the child has data and right wherever the child leaves sectors to it.
     */
    static Path flippedInside(Path groundTruth, Path target) throws IOException {
        Files.copy(groundTruth, target);
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer region = ByteBuffer.allocate((int) CHILD_REGION);
            channel.read(region, 0);
            for (int i = 0; i < region.limit(); i++) {
                byte value = region.get(i);
                if (value != 0) {
                    region.put(i, (byte) (value == (byte) 0xff ? 0x5a : ~value));
                }
            }
            channel.write(region.flip(), 0);
        }
        return target;
    }
}
