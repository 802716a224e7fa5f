package dev.ferry.conversion.service.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.events.plan.DiskPlan;

/**
 * The files a job writes into its target folder, and their removal when it is cancelled. A disk is converted under
 * an unverified name ({@code <file>.unverified}, growing as {@code .part} with its checkpoint beside it) and gets its
 * planned name only once verified, so nothing unverified ever carries the name of a good disk.
 */
public final class JobOutputs {

    static final String UNVERIFIED_SUFFIX = ".unverified";

    private JobOutputs() {
    }

    /** Where a disk is converted before it is verified. */
    public static Path unverified(Path target) {
        return target.resolveSibling(target.getFileName() + UNVERIFIED_SUFFIX);
    }

    /** Every file of {@code disk} that is not a finished disk: the unverified image, its part file and checkpoint. */
    public static List<Path> partialFiles(Path folder, DiskPlan disk) {
        Path unverified = unverified(folder.resolve(disk.fileName()));
        Path checkpoint = ImageConverter.checkpointFile(unverified);
        return List.of(unverified, ImageConverter.partFile(unverified), checkpoint,
                checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp"));
    }

    /**
     * Removes the partial files of every disk and the finished disks in {@code finishedDiskKeys} (only disks this job
     * converted: a file that was there before the job is never touched).
     */
    public static List<Path> remove(Path folder, List<DiskPlan> disks, Set<String> finishedDiskKeys)
            throws IOException {
        List<Path> removed = new ArrayList<>();
        for (DiskPlan disk : disks) {
            if (disk.fileName() == null) {
                continue;
            }
            List<Path> candidates = new ArrayList<>(partialFiles(folder, disk));
            if (finishedDiskKeys.contains(disk.diskKey())) {
                candidates.add(folder.resolve(disk.fileName()));
            }
            for (Path file : candidates) {
                if (Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            }
        }
        return removed;
    }
}
