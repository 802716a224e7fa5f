package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.ferry.disk.testing.FileBytes;

/** Edits VHD files in place, to craft the differencing and damaged images that qemu-img cannot make. */
public final class VhdFileSurgery {

    private VhdFileSurgery() {
    }

    static VhdFooter footer(Path file) throws IOException {
        long size = java.nio.file.Files.size(file);
        return VhdFooter.parse(read(file, size - VhdFooter.SIZE, VhdFooter.SIZE), size - VhdFooter.SIZE);
    }

    /** Rewrites the footer at the end and, for dynamic and differencing disks, its copy at offset 0. */
    static void writeFooter(Path file, VhdFooter footer) throws IOException {
        long size = java.nio.file.Files.size(file);
        write(file, size - VhdFooter.SIZE, footer.toBytes());
        if (footer.diskType() != VhdDiskType.FIXED) {
            write(file, 0, footer.toBytes());
        }
    }

    static VhdDynamicHeader header(Path file) throws IOException {
        long offset = footer(file).dataOffset();
        return VhdDynamicHeader.parse(read(file, offset, VhdDynamicHeader.SIZE), offset);
    }

    static void writeHeader(Path file, VhdDynamicHeader header) throws IOException {
        write(file, footer(file).dataOffset(), header.toBytes());
    }

    static int batEntry(Path file, int index) throws IOException {
        return read(file, header(file).tableOffset() + 4L * index, 4).getInt();
    }

    static void setBatEntry(Path file, int index, int value) throws IOException {
        write(file, header(file).tableOffset() + 4L * index, ByteBuffer.allocate(4).putInt(0, value));
    }

    /** Clears the bitmap bits of sectors {@code [first, first + count)} of an allocated block. */
    static void clearBitmapBits(Path file, int block, int first, int count) throws IOException {
        long bitmapOffset = Integer.toUnsignedLong(batEntry(file, block)) * 512;
        ByteBuffer bitmap = read(file, bitmapOffset, header(file).bitmapSize());
        for (int sector = first; sector < first + count; sector++) {
            int index = sector / 8;
            bitmap.put(index, (byte) (bitmap.get(index) & ~(0x80 >>> (sector % 8))));
        }
        write(file, bitmapOffset, bitmap);
    }

    /**
     * Turns a dynamic VHD into a differencing one whose parent has {@code parentId}: stores {@code relativePath} as a
     * "W2ru" locator in a sector inserted before the footer, and {@code parentName} in the header.
     */
    static void makeDifferencing(Path file, String relativePath, String parentName, UUID parentId)
            throws IOException {
        VhdFooter footer = footer(file);
        VhdDynamicHeader header = header(file);
        long locatorOffset = java.nio.file.Files.size(file) - VhdFooter.SIZE;
        byte[] path = relativePath.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer locatorSector = ByteBuffer.allocate(512);
        locatorSector.put(path);
        write(file, locatorOffset, locatorSector.clear());
        VhdFooter differencing = new VhdFooter(footer.dataOffset(), footer.timestamp(),
                footer.creatorApplication(), footer.creatorVersion(), footer.creatorHostOs(), footer.originalSize(),
                footer.currentSize(), footer.geometry(), VhdDiskType.DIFFERENCING, footer.uniqueId(), false);
        write(file, locatorOffset + 512, differencing.toBytes());
        write(file, 0, differencing.toBytes());
        writeHeader(file, new VhdDynamicHeader(header.tableOffset(), header.maxTableEntries(), header.blockSize(),
                parentId, 0, parentName,
                List.of(new VhdParentLocator(VhdParentLocator.WINDOWS_RELATIVE, 512, path.length, locatorOffset))));
    }

    /** Makes a dynamic VHD a differencing child of {@code parent}, a VHD in the same folder. */
    public static void makeDifferencing(Path child, Path parent) throws IOException {
        String name = parent.getFileName().toString();
        makeDifferencing(child, ".\\" + name, name, footer(parent).uniqueId());
    }

    static ByteBuffer read(Path file, long offset, int length) throws IOException {
        return FileBytes.read(file, offset, length);
    }

    static void write(Path file, long offset, ByteBuffer data) throws IOException {
        FileBytes.write(file, offset, data);
    }

    static void flipByte(Path file, long offset) throws IOException {
        FileBytes.flipByte(file, offset);
    }
}
