package dev.ferry.disk.vmdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a VMDK writer must remember to continue after a crash: where the file ends, how far the guest data got, the
 * grain table being filled and (for streamOptimized, whose grain directory is written last) the grain directory so
 * far. Serialised with a version byte and the writer's kind; only non-zero table entries are stored.
 *
 * @param kind {@link #STREAM_OPTIMIZED} or {@link #MONOLITHIC_SPARSE}
 * @param virtualSize guest size the writer was created for
 * @param compressionLevel deflate level, so resumed grains compress exactly as before
 * @param fileLength bytes of the file that are valid
 * @param committedEnd guest offset up to which chunks were committed
 * @param currentTable index of the grain table being filled, or -1
 * @param tableEntries that table's entries (sectors of grains)
 * @param directory grain directory entries written so far, empty when the directory is fixed at creation
 */
record WriterCheckpoint(
        byte kind,
        long virtualSize,
        int compressionLevel,
        long fileLength,
        long committedEnd,
        int currentTable,
        int[] tableEntries,
        int[] directory) {

    static final byte STREAM_OPTIMIZED = 'S';
    static final byte MONOLITHIC_SPARSE = 'M';

    private static final byte VERSION = 1;
    private static final int HEADER_BYTES = 10;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(kind);
            out.writeLong(virtualSize);
            out.writeByte(compressionLevel);
            out.writeLong(fileLength);
            out.writeLong(committedEnd);
            out.writeInt(currentTable);
            out.writeInt(directory.length);
            writeSparse(out, tableEntries);
            writeSparse(out, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The writer kind of a serialised checkpoint, which decides which writer resumes it. */
    static byte kindOf(byte[] state) {
        if (state.length < HEADER_BYTES || state[0] != VERSION) {
            throw new IllegalArgumentException("not a checkpoint of Ferry's VMDK writer (version " + VERSION + ")");
        }
        return state[1];
    }

    static WriterCheckpoint decode(byte[] state, int tableLength) {
        kindOf(state);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            in.readByte();
            byte kind = in.readByte();
            long virtualSize = in.readLong();
            int level = in.readByte();
            long fileLength = in.readLong();
            long committedEnd = in.readLong();
            int currentTable = in.readInt();
            int directoryLength = in.readInt();
            if (directoryLength < 0 || directoryLength > VmdkFormat.MAX_DIRECTORY_ENTRIES) {
                throw damaged();
            }
            int[] table = readSparse(in, tableLength);
            int[] directory = readSparse(in, directoryLength);
            if (in.read() != -1 || fileLength < 0 || committedEnd < 0 || committedEnd > virtualSize
                    || currentTable < -1) {
                throw damaged();
            }
            return new WriterCheckpoint(kind, virtualSize, level, fileLength, committedEnd, currentTable, table,
                    directory);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated VMDK writer checkpoint", e);
        }
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
            throw damaged();
        }
        for (int read = 0; read < count; read++) {
            int index = in.readInt();
            if (index < 0 || index >= length) {
                throw damaged();
            }
            values[index] = in.readInt();
        }
        return values;
    }

    private static IllegalArgumentException damaged() {
        return new IllegalArgumentException("damaged VMDK writer checkpoint");
    }
}
