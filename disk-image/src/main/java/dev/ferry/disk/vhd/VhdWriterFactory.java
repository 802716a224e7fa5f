package dev.ferry.disk.vhd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/**
 * Creates VHD writers: "dynamic" (the default, 2 MiB blocks unless {@link WriteOptions#blockSize()} says otherwise)
 * or "fixed". Sizes are rounded up to whole 512-byte sectors; disks over 2,040 GiB are refused, as Hyper-V refuses
 * them. The footer names "win " as creator, so that Hyper-V and qemu both take its exact size (see
 * {@link VhdFooter#diskSize()}).
 */
public final class VhdWriterFactory implements WriterFactory {

    /** Commit unit and zero-detection granularity. */
    static final int ALIGNMENT = 4096;
    static final int DEFAULT_BLOCK_SIZE = 2 << 20;
    /** Hyper-V makes VHDs with 512 KiB or 2 MiB blocks; larger powers of two are valid in the format too. */
    static final int MINIMUM_BLOCK_SIZE = 512 << 10;
    private static final byte STATE_VERSION = 1;

    @Override
    public DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException {
        String subformat = options.subformat() == null ? "dynamic" : options.subformat().toLowerCase(Locale.ROOT);
        switch (subformat) {
            case "dynamic" -> {
                return DynamicVhdWriter.create(file, virtualSize, blockSize(options.blockSize()));
            }
            case "fixed" -> {
                return FixedVhdWriter.create(file, virtualSize);
            }
            default -> throw new IllegalArgumentException("VHD subformat must be 'dynamic' or 'fixed', not '"
                    + options.subformat() + "'");
        }
    }

    @Override
    public DiskImageWriter resume(Path file, byte[] state) throws IOException {
        DataInputStream input = new DataInputStream(new ByteArrayInputStream(state));
        byte version = input.readByte();
        if (version != STATE_VERSION) {
            throw new IOException("VHD writer checkpoint has version " + version + ", expected " + STATE_VERSION);
        }
        byte kind = input.readByte();
        if (kind == FixedVhdWriter.KIND) {
            return FixedVhdWriter.resume(file, input);
        }
        if (kind == DynamicVhdWriter.KIND) {
            return DynamicVhdWriter.resume(file, input);
        }
        throw new IOException("VHD writer checkpoint names unknown writer kind " + kind);
    }

    /** The disk size a VHD gets for a request: whole sectors, at most 2,040 GiB. */
    static long diskSize(long requestedSize) {
        if (requestedSize < 0 || requestedSize > VhdFooter.MAXIMUM_DISK_SIZE) {
            throw new IllegalArgumentException("a VHD holds at most 2,040 GiB (" + VhdFooter.MAXIMUM_DISK_SIZE
                    + " bytes); " + requestedSize + " bytes requested: use VHDX for larger disks");
        }
        return (requestedSize + DiskGeometry.SECTOR - 1) / DiskGeometry.SECTOR * DiskGeometry.SECTOR;
    }

    private static int blockSize(long requested) {
        if (requested == 0) {
            return DEFAULT_BLOCK_SIZE;
        }
        if (requested < MINIMUM_BLOCK_SIZE || requested > VhdDynamicHeader.MAXIMUM_BLOCK_SIZE
                || Long.bitCount(requested) != 1) {
            throw new IllegalArgumentException("VHD block size must be a power of two from 512 KiB to 256 MiB, not "
                    + requested);
        }
        return (int) requested;
    }

    /** Starts a checkpoint: the state format's version, then which writer wrote it. */
    static DataOutputStream stateHeader(ByteArrayOutputStream bytes, byte kind) throws IOException {
        DataOutputStream state = new DataOutputStream(bytes);
        state.writeByte(STATE_VERSION);
        state.writeByte(kind);
        return state;
    }
}
