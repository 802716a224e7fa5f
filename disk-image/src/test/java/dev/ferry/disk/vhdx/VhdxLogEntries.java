package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.ferry.disk.testing.FileBytes;

/** Builds VHDX log entries as Hyper-V or qemu would leave them in the log of a file that was not closed cleanly. */
final class VhdxLogEntries {

    /** One descriptor: a 4 KiB sector to write at {@code fileOffset}, or {@code zeroLength} bytes to zero. */
    record Descriptor(long fileOffset, byte[] sector, long zeroLength) {

        static Descriptor data(long fileOffset, byte[] sector) {
            return new Descriptor(fileOffset, sector, 0);
        }

        static Descriptor zero(long fileOffset, long length) {
            return new Descriptor(fileOffset, null, length);
        }
    }

    private VhdxLogEntries() {
    }

    static ByteBuffer entry(UUID logGuid, long sequence, int tail, long fileSize, List<Descriptor> descriptors) {
        int descriptorSectors = (64 + 32 * descriptors.size() + 4095) / 4096;
        int dataSectors = (int) descriptors.stream().filter(d -> d.sector() != null).count();
        int length = (descriptorSectors + dataSectors) * 4096;
        ByteBuffer entry = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        entry.putInt(0, 0x65676F6C);
        entry.putInt(8, length);
        entry.putInt(12, tail);
        entry.putLong(16, sequence);
        entry.putInt(24, descriptors.size());
        MicrosoftGuid.write(entry, 32, logGuid);
        entry.putLong(48, fileSize);
        entry.putLong(56, fileSize);
        int dataSector = descriptorSectors;
        for (int i = 0; i < descriptors.size(); i++) {
            Descriptor descriptor = descriptors.get(i);
            int at = 64 + 32 * i;
            entry.putLong(at + 16, descriptor.fileOffset());
            entry.putLong(at + 24, sequence);
            if (descriptor.sector() == null) {
                entry.putInt(at, 0x6F72657A);
                entry.putLong(at + 8, descriptor.zeroLength());
                continue;
            }
            entry.putInt(at, 0x63736564);
            entry.put(at + 4, descriptor.sector(), 4092, 4);
            entry.put(at + 8, descriptor.sector(), 0, 8);
            int sector = dataSector++ * 4096;
            entry.putInt(sector, 0x61746164);
            entry.putInt(sector + 4, (int) (sequence >>> 32));
            entry.put(sector + 8, descriptor.sector(), 8, 4084);
            entry.putInt(sector + 4092, (int) sequence);
        }
        VhdxChecksum.store(entry, 4);
        return entry;
    }

    /** Writes {@code entry} into the log at {@code position}, wrapping at the log's end. */
    static void writeToLog(Path file, VhdxHeader header, int position, ByteBuffer entry) throws IOException {
        int first = (int) Math.min(entry.remaining(), header.logLength() - position);
        FileBytes.write(file, header.logOffset() + position, entry.slice(0, first));
        if (first < entry.remaining()) {
            FileBytes.write(file, header.logOffset(), entry.slice(first, entry.remaining() - first));
        }
    }
}
