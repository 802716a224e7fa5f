package dev.ferry.disk.convert;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.write.WriteOptions;

/**
 * A conversion's resumable state: who it converts, up to where everything is committed, and the writer's and the
 * digest's state at that point.
 *
 * <p>
 * Binary layout, big-endian: the magic {@code FERRYCKP}, a version int (1), the identity (virtual size long,
 * fingerprint string, format name string, subformat string or empty, block size long, property count int and that
 * many key and value strings in key order), the committed offset long, the writer state (int length and bytes), the
 * digest state (int length, -1 for none, and bytes) and a CRC-32C of everything before it. Strings are an int length
 * and UTF-8 bytes.
 *
 * @param identity what the checkpoint belongs to
 * @param committedOffset guest offset before which everything is committed and durable
 * @param writerState what {@link dev.ferry.disk.write.DiskImageWriter#checkpoint()} returned
 * @param digestState {@link TreeDigest#state()}, or null when no digest is computed
 */
record Checkpoint(ConversionIdentity identity, long committedOffset, byte[] writerState, byte[] digestState) {

    private static final byte[] MAGIC = "FERRYCKP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** Far above any real writer state; refuses to allocate for a damaged length. */
    static final int MAX_BYTES = 64 << 20;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(identity.virtualSize());
            writeString(out, identity.sourceFingerprint());
            writeString(out, identity.format().name());
            WriteOptions options = identity.writeOptions();
            writeString(out, options.subformat() == null ? "" : options.subformat());
            out.writeLong(options.blockSize());
            Map<String, String> properties = new TreeMap<>(options.properties());
            out.writeInt(properties.size());
            for (Map.Entry<String, String> property : properties.entrySet()) {
                writeString(out, property.getKey());
                writeString(out, property.getValue());
            }
            out.writeLong(committedOffset);
            writeBytes(out, writerState);
            writeBytes(out, digestState);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        return ByteBuffer.allocate(bytes.size() + Integer.BYTES)
                .put(bytes.toByteArray())
                .putInt((int) crc.getValue())
                .array();
    }

    /** Reads an encoded checkpoint; damaged or foreign content is refused. */
    static Checkpoint decode(byte[] encoded, String origin) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(origin + " is not a Ferry checkpoint");
            }
            CRC32C crc = new CRC32C();
            crc.update(encoded, 0, encoded.length - Integer.BYTES);
            if ((int) crc.getValue() != ByteBuffer.wrap(encoded).getInt(encoded.length - Integer.BYTES)) {
                throw new IOException(origin + " has a wrong checksum");
            }
            int version = in.getInt();
            if (version != VERSION) {
                throw new IOException(origin + " has unsupported version " + version);
            }
            long virtualSize = in.getLong();
            String fingerprint = readString(in);
            ImageFormat format = ImageFormat.valueOf(readString(in));
            String subformat = readString(in);
            long blockSize = in.getLong();
            int propertyCount = in.getInt();
            if (propertyCount < 0 || propertyCount > 1024) {
                throw new IOException(origin + " claims " + propertyCount + " target options");
            }
            Map<String, String> properties = new TreeMap<>();
            for (int i = 0; i < propertyCount; i++) {
                properties.put(readString(in), readString(in));
            }
            long committedOffset = in.getLong();
            byte[] writerState = readBytes(in);
            byte[] digestState = readBytes(in);
            if (writerState == null || committedOffset < 0 || committedOffset > virtualSize) {
                throw new IOException(origin + " is inconsistent");
            }
            WriteOptions options = new WriteOptions(subformat.isEmpty() ? null : subformat, blockSize, properties);
            return new Checkpoint(new ConversionIdentity(virtualSize, fingerprint, format, options), committedOffset,
                    writerState, digestState);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException(origin + " is truncated or damaged", e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }

    private static String readString(ByteBuffer in) {
        byte[] bytes = readBytes(in);
        if (bytes == null) {
            throw new IllegalArgumentException("missing string");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("length " + length + " exceeds the checkpoint");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
