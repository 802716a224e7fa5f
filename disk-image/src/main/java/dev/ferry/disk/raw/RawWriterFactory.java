package dev.ferry.disk.raw;

import java.io.IOException;
import java.nio.file.Path;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/** Creates sparse raw images, the only raw subformat: zeros are holes, never written. */
public final class RawWriterFactory implements WriterFactory {

    /** The one subformat: data written, zeros left as holes. */
    public static final String SPARSE = "sparse";

    @Override
    public DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException {
        if (options.subformat() != null && !SPARSE.equalsIgnoreCase(options.subformat())) {
            throw new IllegalArgumentException("raw images have only the subformat '" + SPARSE + "', not '"
                    + options.subformat() + "'");
        }
        if (options.blockSize() != 0) {
            throw new IllegalArgumentException("raw images have no block size (got " + options.blockSize() + ")");
        }
        if (!options.properties().isEmpty()) {
            throw new IllegalArgumentException("raw images take no options, got " + options.properties().keySet());
        }
        return RawImageWriter.create(file, virtualSize);
    }

    @Override
    public DiskImageWriter resume(Path file, byte[] state) throws IOException {
        return RawImageWriter.resume(file, state);
    }
}
