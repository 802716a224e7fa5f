package dev.ferry.disk.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.DiskWriters;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/**
 * Converts a disk image into a new image file: the entry point of the conversion engine.
 *
 * <p>
 * The source is walked in aligned chunks; ranges it reports as zero are skipped unread, the rest is read, checked for
 * zeros, encoded and hashed by a fixed pool of workers, and committed in ascending order by the calling thread, with
 * memory bounded by {@link ConversionOptions#buffers()} chunk buffers. The target grows as {@code <target>.part};
 * checkpoints go to {@code <target>.part.checkpoint}; only a finished image is renamed to {@code target}. A rerun
 * after a crash, a failure or a cancellation resumes from the checkpoint when it belongs to the same source, format
 * and options, and produces the same bytes as an uninterrupted run. Unless {@link ConversionOptions#durable()} is
 * turned off, the target is on disk (fsynced) at every checkpoint and before it gets its name.
 */
public final class ImageConverter {

    private final ConversionOptions options;
    private final WriterFactory writerOverride;

    public ImageConverter(ConversionOptions options) {
        this(options, null);
    }

    /** For tests: writes with {@code writerOverride} instead of the registered writer of the target format. */
    ImageConverter(ConversionOptions options, WriterFactory writerOverride) {
        this.options = Objects.requireNonNull(options);
        this.writerOverride = writerOverride;
    }

    /** The name under which an unfinished target grows. */
    public static Path partFile(Path target) {
        return TargetFiles.partOf(target);
    }

    /** The checkpoint of an unfinished target. */
    public static Path checkpointFile(Path target) {
        return TargetFiles.checkpointOf(target);
    }

    /** Deletes an unfinished target and its checkpoint, for a conversion that will not be resumed. */
    public static void discardPartial(Path target) throws IOException {
        new TargetFiles(target).deletePartial();
    }

    /**
     * Converts {@code source} into {@code target}, resuming an earlier run's checkpoint when it matches.
     *
     * @throws java.nio.file.FileAlreadyExistsException when the target exists and overwriting was not allowed
     * @throws ConversionCancelledException when cancelled; where checkpoints are written, the partial target stays,
     *         checkpointed, for a rerun
     * @throws dev.ferry.disk.ImageFormatException when the source turns out to be corrupt
     * @throws IllegalArgumentException when the format or its options cannot be written
     */
    public ConversionResult convert(DiskImage source, Path target) throws IOException {
        TargetFiles files = new TargetFiles(target);
        files.refuseExistingTarget(options.overwrite());
        WriteOptions requested = options.writeOptions();
        String subformat = DiskWriters.canonicalSubformat(options.targetFormat(), requested.subformat());
        WriterFactory factory = writerOverride != null ? writerOverride
                : DiskWriters.factory(options.targetFormat(), subformat);
        ConversionIdentity identity = new ConversionIdentity(source.virtualSize(), options.sourceFingerprint(),
                options.targetFormat(), new WriteOptions(subformat, requested.blockSize(), requested.properties()));

        ConversionRun run = null;
        DiskImageWriter writer = null;
        WriteBehind writeBehind = null;
        try {
            Start start = start(files, identity, factory);
            writer = start.writer();
            writeBehind = options.durable() ? WriteBehind.open(files.part()) : null;
            run = new ConversionRun(identity, writer, start.digest(), files, options, start.from(), writeBehind);
            ChunkPipeline.forConversion(source, writer, options).run(start.from(), run);
            writer.finish(options.durable());
        } catch (ConversionCancelledException cancelled) {
            if (options.checkpoints() && run != null) {
                // The writer is healthy: keep what was committed, so that a rerun continues from here.
                try {
                    run.checkpoint();
                } catch (IOException | RuntimeException e) {
                    cancelled.addSuppressed(e);
                }
            }
            abandon(writer, files, cancelled);
            throw cancelled;
        } catch (IOException | RuntimeException | Error failure) {
            abandon(writer, files, failure);
            throw failure;
        } finally {
            if (writeBehind != null) {
                writeBehind.close();
            }
        }
        long targetFileSize = Files.size(files.part());
        files.publish(options.overwrite(), options.durable());
        return run.result(targetFileSize);
    }

    /** Where a run begins: a fresh or resumed writer, the offset to continue from and the digest so far. */
    private record Start(DiskImageWriter writer, long from, TreeDigest digest) {
    }

    private Start start(TargetFiles files, ConversionIdentity identity, WriterFactory factory) throws IOException {
        Start resumed = resume(files, identity, factory);
        if (resumed != null) {
            options.listener().resumed(resumed.from());
            return resumed;
        }
        files.deletePartial();
        DiskImageWriter writer = factory.create(files.part(), identity.virtualSize(), identity.writeOptions());
        return new Start(writer, 0, options.digest() ? new TreeDigest(identity.virtualSize()) : null);
    }

    /**
     * Continues the earlier run's partial target, or returns null when there is nothing to resume: no checkpoint,
     * one made for another source, format or options, or one the writer cannot continue from.
     */
    private Start resume(TargetFiles files, ConversionIdentity identity, WriterFactory factory) {
        Checkpoint checkpoint = files.readCheckpoint();
        if (checkpoint == null || !checkpoint.identity().equals(identity)
                || (options.digest() && checkpoint.digestState() == null)) {
            return null;
        }
        DiskImageWriter writer = null;
        try {
            long offset = checkpoint.committedOffset();
            TreeDigest digest = options.digest()
                    ? TreeDigest.restore(identity.virtualSize(), checkpoint.digestState())
                    : null;
            if (digest != null && digest.nextLeafOffset() != offset) {
                return null;
            }
            writer = factory.resume(files.part(), checkpoint.writerState());
            long granule = ChunkPipeline.granule(writer.alignment(), options.digest());
            if (offset % granule == 0 || offset == identity.virtualSize()) {
                return new Start(writer, offset, digest);
            }
        } catch (IOException | RuntimeException e) {
            // The partial target cannot be continued: start over, which is always correct.
        }
        closeQuietly(writer);
        return null;
    }

    private static void abandon(DiskImageWriter writer, TargetFiles files, Throwable failure) {
        try {
            if (writer != null) {
                writer.close();
            }
            files.discardUnlessResumable();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(DiskImageWriter writer) {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                // Already giving up on this writer.
            }
        }
    }
}
