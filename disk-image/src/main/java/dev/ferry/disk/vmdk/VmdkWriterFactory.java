package dev.ferry.disk.vmdk;

import java.io.IOException;
import java.nio.file.Path;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/**
 * Creates VMDK writers: streamOptimized (the default, for VMware's OVF/OVA import). See {@link VmdkWriteSettings} for
 * the options.
 */
public final class VmdkWriterFactory implements WriterFactory {

    @Override
    public DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException {
        VmdkWriteSettings settings = VmdkWriteSettings.from(virtualSize, options);
        if (settings.subformat().equals(VmdkWriteSettings.STREAM_OPTIMIZED)) {
            return StreamOptimizedWriter.create(file, settings);
        }
        throw new IllegalArgumentException("VMDK subformat " + settings.subformat() + " cannot be written yet");
    }

    @Override
    public DiskImageWriter resume(Path file, byte[] state) throws IOException {
        return StreamOptimizedWriter.resume(file, state);
    }
}
