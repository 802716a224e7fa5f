package dev.ferry.conversion.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;

/** Source disk images made by qemu-img from deterministic synthetic content, under the worker's source root. */
public final class SourceImages {

    private SourceImages() {
    }

    /** A raw disk of {@code size} bytes with a mix of random, text-like and zero extents. */
    public static Path raw(long size, long seed) {
        try {
            Path folder = Files.createDirectories(WorkerTestResources.sourceRoot().resolve(UUID.randomUUID()
                    .toString()));
            return SyntheticDisk.scattered(size, seed, 0.4, 0.3, 64 << 10, 4 << 20).writeRaw(folder.resolve(
                    "disk.raw"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same content as {@link #raw} in {@code format} ("qcow2", "vmdk"), with qemu-img options. */
    public static Path image(long size, long seed, String format, String... options) {
        Path raw = raw(size, seed);
        Path image = raw.resolveSibling("disk." + format);
        QemuImg.convert(raw, "raw", image, format, options);
        return image;
    }
}
