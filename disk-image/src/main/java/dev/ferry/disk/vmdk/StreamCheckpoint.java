package dev.ferry.disk.vmdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a streamOptimized writer must remember to continue after a crash: where the file ends, how far the guest data
 * got, and the grain table entries and grain directory entries written so far. Serialised with a version byte; only
 * non-zero entries are stored.
 *
 * @param virtualSize guest size the writer was created for
 * @param compressionLevel deflate level, so resumed grains compress exactly as before
 * @param fileLength bytes of the file that are valid
 * @param committedEnd guest offset up to which chunks were committed
 * @param currentTable index of the grain table being filled, or -1
 * @param tableEntries that table's entries (sectors of grain records)
 * @param directory grain directory entries (sectors of written grain tables)
 */
record StreamCheckpoint(
        long virtualSize,
        int compressionLevel,
        long fileLength,
        long committedEnd,
        int currentTable,
        int[] tableEntries,
        int[] directory) {

    private static final byte VERSION = 1;
    private static final byte KIND = 'S';

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(KIND);
            out.writeLong(virtualSize);
            out.writeByte(compressionLevel);
            out.writeLong(fileLength);
            out.writeLong(committedEnd);
            out.writeInt(currentTable);
            writeSparse(out, tableEntries);
            writeSparse(out, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StreamCheckpoint decode(byte[] state, int tableLength, int directoryLength) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readByte() != VERSION || in.readByte() != KIND) {
                throw new IllegalArgumentException("not a checkpoint of Ferry's streamOptimized VMDK writer (version "
                        + VERSION + ")");
            }
            long virtualSize = in.readLong();
            int level = in.readByte();
            long fileLength = in.readLong();
            long committedEnd = in.readLong();
            int currentTable = in.readInt();
            int[] table = readSparse(in, tableLength);
            int[] directory = readSparse(in, directoryLength);
            if (in.read() != -1 || fileLength < 0 || committedEnd < 0 || currentTable < -1
                    || currentTable >= directoryLength) {
                throw new IllegalArgumentException("damaged streamOptimized VMDK writer checkpoint");
            }
            return new StreamCheckpoint(virtualSize, level, fileLength, committedEnd, currentTable, table, directory);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated streamOptimized VMDK writer checkpoint", e);
        }
    }

    /** Reads just the virtual size, which decides the table sizes {@link #decode} needs. */
    static long virtualSizeOf(byte[] state) {
        if (state.length < 10) {
            throw new IllegalArgumentException("truncated streamOptimized VMDK writer checkpoint");
        }
        return java.nio.ByteBuffer.wrap(state, 2, 8).getLong();
    }

    private static void writeSparse(DataOutputStream out, int[] values) throws IOException {
        int count = 0;
        for (int value : values) {
            count += value != 0 ? 1 : 0;
        }
        out.writeInt(count);
        for (int index = 0; index < values.length; index++) {
            if (values[index] != 0) {
                out.writeInt(index);
                out.writeInt(values[index]);
            }
        }
    }

    private static int[] readSparse(DataInputStream in, int length) throws IOException {
        int[] values = new int[length];
        int count = in.readInt();
        if (count < 0 || count > length) {
            throw new IllegalArgumentException("damaged streamOptimized VMDK writer checkpoint");
        }
        for (int read = 0; read < count; read++) {
            int index = in.readInt();
            if (index < 0 || index >= length) {
                throw new IllegalArgumentException("damaged streamOptimized VMDK writer checkpoint");
            }
            values[index] = in.readInt();
        }
        return values;
    }
}
