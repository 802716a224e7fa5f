package dev.ferry.disk.write;

import java.io.IOException;
import java.nio.file.Path;

/** Creates writers of one target format, fresh or resumed from a checkpoint. */
public interface WriterFactory {

    /** Creates {@code file} (which must not exist) for a disk of {@code virtualSize} bytes. */
    DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException;

    /**
     * Reopens a partly written {@code file} whose writer returned {@code state} from its last checkpoint. Anything the
     * file holds beyond that checkpoint is discarded.
     */
    DiskImageWriter resume(Path file, byte[] state) throws IOException;
}
