package dev.ferry.disk.vmdk;

import java.io.IOException;
import java.nio.file.Path;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/**
 * Creates VMDK writers: streamOptimized (the default, for VMware's OVF/OVA import) or monolithicSparse (for VMware
 * Workstation and qemu). See {@link VmdkWriteSettings} for the options.
 */
public final class VmdkWriterFactory implements WriterFactory {

    @Override
    public DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException {
        VmdkWriteSettings settings = VmdkWriteSettings.from(virtualSize, options);
        return settings.subformat().equals(VmdkWriteSettings.STREAM_OPTIMIZED)
                ? StreamOptimizedWriter.create(file, settings)
                : MonolithicSparseWriter.create(file, settings);
    }

    @Override
    public DiskImageWriter resume(Path file, byte[] state) throws IOException {
        WriterCheckpoint checkpoint = WriterCheckpoint.decode(state, GrainWriter.TABLE_ENTRIES);
        return switch (checkpoint.kind()) {
            case WriterCheckpoint.STREAM_OPTIMIZED -> StreamOptimizedWriter.resume(file, checkpoint);
            case WriterCheckpoint.MONOLITHIC_SPARSE -> MonolithicSparseWriter.resume(file, checkpoint);
            default -> throw new IllegalArgumentException("not a checkpoint of Ferry's VMDK writers");
        };
    }
}
