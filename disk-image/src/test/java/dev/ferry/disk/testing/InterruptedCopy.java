package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.file.Path;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriterFactory;

/**
 * A copy that crashes and resumes, for checking that a writer's checkpoints make a resumed write produce the same
 * bytes as an uninterrupted one.
 */
public final class InterruptedCopy {

    private InterruptedCopy() {
    }

    /**
     * Copies {@code [0, checkpointAt)} into {@code crashing} and checkpoints; copies on to {@code lostCheckpointAt}
     * and checkpoints again (a state the crash loses); copies on to {@code crashAt} and closes without finishing.
     * Then resumes {@code file} from the first checkpoint, copies the rest and finishes.
     */
    public static void crashThenResume(DiskImage source, DiskImageWriter crashing, WriterFactory factory, Path file,
            long checkpointAt, long lostCheckpointAt, long crashAt) throws IOException {
        byte[] firstCheckpoint;
        try (DiskImageWriter writer = crashing) {
            SimpleCopy.copy(source, writer, 0, checkpointAt);
            firstCheckpoint = writer.checkpoint();
            SimpleCopy.copy(source, writer, checkpointAt, lostCheckpointAt);
            writer.checkpoint(); // a later checkpoint whose state is lost in the crash
            SimpleCopy.copy(source, writer, lostCheckpointAt, crashAt);
        } // crash: never finished
        try (DiskImageWriter writer = factory.resume(file, firstCheckpoint)) {
            SimpleCopy.copy(source, writer, checkpointAt, source.virtualSize());
            writer.finish(true);
        }
    }
}
