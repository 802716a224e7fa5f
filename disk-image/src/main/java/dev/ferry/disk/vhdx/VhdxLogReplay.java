package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.source.ByteSource;
import dev.ferry.disk.vhd.StructureReader;

/**
 * Replays a VHDX log in memory, as MS-VHDX section 2.3.3 describes: find the active sequence (the valid entry with
 * the highest sequence number, and the unbroken run of entries from its tail up to it), then apply its data and zero
 * descriptors in order on top of the file. The result is a {@link LogOverlaySource}; the file is not written.
 */
final class VhdxLogReplay {

    /** Logs larger than this are refused; Hyper-V and qemu make 1 MiB logs. */
    static final long MAXIMUM_LOG_LENGTH = 32 << 20;
    /** Bytes the search may checksum before giving up, so that a hostile log cannot take quadratic time. */
    private static final long SEARCH_WORK_LIMIT = 512L << 20;
    private static final int SECTOR = 4096;
    private static final long MIB = 1 << 20;
    private static final int ENTRY_SIGNATURE = 0x65676F6C; // "loge"
    private static final int ZERO_SIGNATURE = 0x6F72657A; // "zero"
    private static final int DATA_DESCRIPTOR_SIGNATURE = 0x63736564; // "desc"
    private static final int DATA_SECTOR_SIGNATURE = 0x61746164; // "data"
    private static final int HEADER_SIZE = 64;
    private static final int DESCRIPTOR_SIZE = 32;

    /** What replaying produced: the file as it reads after replay, and how many log entries were applied. */
    record Result(ByteSource source, int entriesReplayed) {
    }

    /** The fields of a log entry header that locate and order it. */
    private record Entry(int position, int length, int tail, long sequence, int descriptors, long flushedFileOffset,
            long lastFileOffset) {
    }

    private final byte[] log;
    private final UUID logGuid;
    private final long logOffset;
    private final Map<Integer, Boolean> validity = new HashMap<>();
    private long work;

    private VhdxLogReplay(byte[] log, UUID logGuid, long logOffset) {
        this.log = log;
        this.logGuid = logGuid;
        this.logOffset = logOffset;
    }

    static Result replay(ByteSource source, VhdxHeader header) throws IOException {
        StructureReader reader = new StructureReader(source, VhdxHeader.FORMAT);
        long offset = header.logOffset();
        long length = header.logLength();
        if (offset < MIB || offset % MIB != 0 || length == 0 || length % MIB != 0) {
            throw new ImageFormatException(VhdxHeader.FORMAT, offset, "log of " + length + " bytes at " + offset
                    + " is not placed on whole MiB, so it cannot be replayed");
        }
        if (length > MAXIMUM_LOG_LENGTH) {
            throw new ImageFormatException(VhdxHeader.FORMAT, offset, "the file was not closed cleanly and its log of "
                    + length + " bytes must be replayed, but logs over " + MAXIMUM_LOG_LENGTH
                    + " bytes are not supported; open it once with Hyper-V or 'qemu-img check -r all' to replay it");
        }
        ByteBuffer bytes = reader.read(offset, (int) length, "log");
        VhdxLogReplay replay = new VhdxLogReplay(bytes.array(), header.logGuid(), offset);
        List<Entry> sequence = replay.activeSequence();
        if (sequence.isEmpty()) {
            return new Result(source, 0);
        }
        LogOverlaySource.Builder overlay = new LogOverlaySource.Builder();
        for (Entry entry : sequence) {
            if (entry.flushedFileOffset() > reader.fileSize()) {
                throw new ImageFormatException(VhdxHeader.FORMAT, offset + entry.position(), "log entry "
                        + entry.sequence() + " says the file was at least " + entry.flushedFileOffset()
                        + " bytes long, but it has " + reader.fileSize() + ": the file is truncated");
            }
            replay.apply(entry, overlay);
        }
        Entry head = sequence.get(sequence.size() - 1);
        return new Result(overlay.build(source, reader.fileSize(), head.lastFileOffset()), sequence.size());
    }

    /** The entries to replay, oldest first; empty when the log holds no valid sequence. */
    private List<Entry> activeSequence() throws ImageFormatException {
        List<Entry> candidates = new ArrayList<>();
        for (int position = 0; position < log.length; position += SECTOR) {
            Entry entry = header(position);
            if (entry != null) {
                candidates.add(entry);
            }
        }
        candidates.sort(Comparator.comparing(Entry::sequence, Long::compareUnsigned).reversed());
        for (Entry head : candidates) {
            if (isValid(head)) {
                List<Entry> sequence = sequenceEndingAt(head);
                if (!sequence.isEmpty()) {
                    return sequence;
                }
            }
        }
        return List.of();
    }

    /** The unbroken run from {@code head}'s tail to {@code head}, or empty when the run is broken. */
    private List<Entry> sequenceEndingAt(Entry head) throws ImageFormatException {
        List<Entry> sequence = new ArrayList<>();
        int position = head.tail();
        long walked = 0;
        while (walked < log.length) {
            Entry entry = header(position);
            if (entry == null || !isValid(entry)) {
                return List.of();
            }
            if (!sequence.isEmpty() && entry.sequence() != sequence.get(sequence.size() - 1).sequence() + 1) {
                return List.of();
            }
            sequence.add(entry);
            if (entry.position() == head.position()) {
                return entry.sequence() == head.sequence() ? sequence : List.of();
            }
            walked += entry.length();
            position = (int) ((position + entry.length()) % log.length);
        }
        return List.of();
    }

    /** The entry header at {@code position} if it is plausible for this log, else null. Cheap: no checksum. */
    private Entry header(int position) {
        ByteBuffer header = circular(position, HEADER_SIZE);
        int length = header.getInt(8);
        int tail = header.getInt(12);
        long sequence = header.getLong(16);
        int descriptors = header.getInt(24);
        boolean plausible = header.getInt(0) == ENTRY_SIGNATURE && length >= SECTOR && length <= log.length
                && length % SECTOR == 0 && tail >= 0 && tail < log.length && tail % SECTOR == 0 && sequence != 0
                && descriptors >= 0 && descriptorSectors(descriptors) * (long) SECTOR <= length
                && MicrosoftGuid.read(header, 32).equals(logGuid);
        return plausible ? new Entry(position, length, tail, sequence, descriptors, header.getLong(48),
                header.getLong(56)) : null;
    }

    /** Whether the whole entry checks out: checksum, descriptors, and a matching data sector for each. */
    private boolean isValid(Entry entry) throws ImageFormatException {
        Boolean known = validity.get(entry.position());
        if (known != null) {
            return known;
        }
        work += entry.length();
        if (work > SEARCH_WORK_LIMIT) {
            throw new ImageFormatException(VhdxHeader.FORMAT, logOffset, "the log holds too many overlapping "
                    + "entries to search; it is corrupt");
        }
        ByteBuffer bytes = circular(entry.position(), entry.length());
        boolean valid = VhdxChecksum.matches(bytes, 4) && descriptorsValid(entry, bytes);
        validity.put(entry.position(), valid);
        return valid;
    }

    private boolean descriptorsValid(Entry entry, ByteBuffer bytes) {
        int dataSector = (int) descriptorSectors(entry.descriptors());
        for (int i = 0; i < entry.descriptors(); i++) {
            int at = HEADER_SIZE + i * DESCRIPTOR_SIZE;
            int signature = bytes.getInt(at);
            if (bytes.getLong(at + 24) != entry.sequence() || bytes.getLong(at + 16) % SECTOR != 0) {
                return false;
            }
            if (signature == ZERO_SIGNATURE) {
                if (bytes.getLong(at + 8) % SECTOR != 0 || bytes.getLong(at + 8) < 0) {
                    return false;
                }
            } else if (signature == DATA_DESCRIPTOR_SIGNATURE) {
                int sector = dataSector++ * SECTOR;
                if (sector + SECTOR > entry.length() || bytes.getInt(sector) != DATA_SECTOR_SIGNATURE
                        || bytes.getInt(sector + 4) != (int) (entry.sequence() >>> 32)
                        || bytes.getInt(sector + 4092) != (int) entry.sequence()) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** Applies the entry's descriptors in order: data sectors rebuilt from descriptor and sector, zeroed ranges. */
    private void apply(Entry entry, LogOverlaySource.Builder overlay) {
        ByteBuffer bytes = circular(entry.position(), entry.length());
        int dataSector = (int) descriptorSectors(entry.descriptors());
        for (int i = 0; i < entry.descriptors(); i++) {
            int at = HEADER_SIZE + i * DESCRIPTOR_SIZE;
            long target = bytes.getLong(at + 16);
            if (bytes.getInt(at) == ZERO_SIGNATURE) {
                overlay.zero(target, bytes.getLong(at + 8));
                continue;
            }
            byte[] sector = new byte[SECTOR];
            bytes.get(at + 8, sector, 0, 8); // leading bytes
            bytes.get(dataSector++ * SECTOR + 8, sector, 8, SECTOR - 12);
            bytes.get(at + 4, sector, SECTOR - 4, 4); // trailing bytes
            overlay.write(target, sector);
        }
    }

    /** Header and descriptors share whole sectors: 64 bytes of header, then 32 per descriptor. */
    private static long descriptorSectors(int descriptors) {
        return (HEADER_SIZE + (long) descriptors * DESCRIPTOR_SIZE + SECTOR - 1) / SECTOR;
    }

    /** {@code length} bytes of the log from {@code position}, wrapping at its end as the circular log does. */
    private ByteBuffer circular(int position, int length) {
        byte[] out = new byte[length];
        int first = Math.min(length, log.length - position);
        System.arraycopy(log, position, out, 0, first);
        System.arraycopy(log, 0, out, first, length - first);
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }
}
