package dev.ferry.disk.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The files of a target being written: the image grows as {@code <target>.part} with its checkpoint beside it as
 * {@code <target>.part.checkpoint}, and only a finished image is renamed to the target's name, so nothing unfinished
 * ever looks like a good image.
 */
final class TargetFiles {

    private final Path target;
    private final Path part;
    private final Path checkpoint;
    private final Path checkpointTemporary;

    TargetFiles(Path target) {
        this.target = target.toAbsolutePath();
        this.part = partOf(this.target);
        this.checkpoint = checkpointOf(this.target);
        this.checkpointTemporary = this.target.resolveSibling(checkpoint.getFileName() + ".tmp");
    }

    static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    static Path checkpointOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part.checkpoint");
    }

    Path part() {
        return part;
    }

    void refuseExistingTarget(boolean overwrite) throws FileAlreadyExistsException {
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "target exists; allow overwriting to "
                    + "replace it");
        }
    }

    /** The checkpoint of an earlier run, or null when there is none or it cannot be read. */
    Checkpoint readCheckpoint() {
        try {
            if (!Files.exists(checkpoint) || !Files.exists(part) || Files.size(checkpoint) > Checkpoint.MAX_BYTES) {
                return null;
            }
            return Checkpoint.decode(Files.readAllBytes(checkpoint), checkpoint.toString());
        } catch (IOException e) {
            // An unreadable checkpoint only costs a fresh start.
            return null;
        }
    }

    /** Replaces the checkpoint atomically: a crash leaves either the old one or the new one, never a torn file. */
    void writeCheckpoint(Checkpoint state) throws IOException {
        try (FileChannel channel = FileChannel.open(checkpointTemporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(state.encode());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(checkpointTemporary, checkpoint, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    boolean hasCheckpoint() {
        return Files.exists(checkpoint);
    }

    /** Removes the partial image and its checkpoint, for a fresh start or an abandoned conversion. */
    void deletePartial() throws IOException {
        Files.deleteIfExists(checkpoint);
        Files.deleteIfExists(checkpointTemporary);
        Files.deleteIfExists(part);
    }

    /** After a failure: keeps a partial image only if a checkpoint makes it resumable. */
    void discardUnlessResumable() throws IOException {
        Files.deleteIfExists(checkpointTemporary);
        if (!hasCheckpoint()) {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Gives the finished image its name and drops the checkpoint it no longer needs; {@code durable}: makes both
     * renames survive a machine crash.
     */
    void publish(boolean overwrite, boolean durable) throws IOException {
        // A target that appeared while converting is not silently replaced either.
        refuseExistingTarget(overwrite);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            syncDirectory();
        }
        if (Files.deleteIfExists(checkpoint) && durable) {
            syncDirectory();
        }
    }

    /** Makes renames in the target's folder durable; where folders cannot be synced (Windows) renames are atomic. */
    private void syncDirectory() {
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Not supported on this platform: nothing more can be done from Java.
        }
    }
}
