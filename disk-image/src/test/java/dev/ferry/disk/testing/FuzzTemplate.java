package dev.ferry.disk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import dev.ferry.disk.DiskImages;
import dev.ferry.disk.testing.ImageMutator.Region;

/**
 * A valid image a fuzz test starts from, made by qemu-img at test time, with the files next to it (parents, backing
 * files, extents) and the ranges worth damaging. Fuzz tests damage a copy per input; the files next to it stay
 * intact.
 *
 * @param name the image's file name
 * @param bytes the image
 * @param siblings the other files in its folder, by name
 * @param hot ranges of the image that hold metadata
 */
public record FuzzTemplate(String name, byte[] bytes, Map<String, byte[]> siblings, List<Region> hot) {

    /**
     * Reads {@code image} and every other file in its folder. Mutations land in the {@code hot} ranges (those beyond
     * the end are dropped) or anywhere in the file.
     */
    public static FuzzTemplate of(Path image, List<Region> hot) {
        try {
            Map<String, byte[]> siblings = new HashMap<>();
            try (Stream<Path> files = Files.list(image.getParent())) {
                for (Path file : files.toList()) {
                    if (!file.equals(image) && Files.isRegularFile(file)) {
                        siblings.put(file.getFileName().toString(), Files.readAllBytes(file));
                    }
                }
            }
            byte[] bytes = Files.readAllBytes(image);
            List<Region> regions = new ArrayList<>();
            regions.add(new Region(0, bytes.length));
            hot.stream().filter(region -> region.offset() < bytes.length).forEach(regions::add);
            return new FuzzTemplate(image.getFileName().toString(), bytes, Map.copyOf(siblings), List.copyOf(regions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template as it was made, with the files next to it. */
    public MemoryByteSource intact() {
        return new MemoryByteSource(name, new PatchedBytes(bytes), neighbours());
    }

    /** The files next to the image, intact, as a {@link MemoryByteSource} finds them by name. */
    public Map<String, PatchedBytes> neighbours() {
        Map<String, PatchedBytes> folder = new HashMap<>();
        siblings.forEach((sibling, content) -> folder.put(sibling, new PatchedBytes(content)));
        return folder;
    }

    /**
     * A damaged copy, as {@code data} directs: mutations, then (when {@code data} says so) checksums made right again
     * by {@code fixChecksums}, so that damage gets past them.
     */
    public MemoryByteSource damaged(FuzzedDataProvider data, ByteOrder order, Consumer<PatchedBytes> fixChecksums) {
        PatchedBytes damaged = new PatchedBytes(bytes);
        ImageMutator.mutate(damaged, hot, order, data);
        if (data.consumeBoolean()) {
            fixChecksums.accept(damaged);
        }
        return new MemoryByteSource(name, damaged, neighbours());
    }

    /**
     * Writes the ground truth templates are made from into {@code folder}: a small disk (1 MiB and a sector) with
     * data in its first and last sectors, random and text-like data between and zeros elsewhere.
     */
    public static Path groundTruth(Path folder) throws IOException {
        long size = (1 << 20) + 512;
        return SyntheticDisk.ofSize(size).with(0, 512, SyntheticDisk.Content.RANDOM)
                .with(70_000, 20_000, SyntheticDisk.Content.TEXT).with(300_000, 70_000, SyntheticDisk.Content.RANDOM)
                .with(size - 512, 512, SyntheticDisk.Content.RANDOM).writeRaw(folder.resolve("ground-truth.raw"));
    }

    /** Makes templates, each in a subfolder of its own. */
    @FunctionalInterface
    public interface Maker {
        List<FuzzTemplate> make(Path folder) throws IOException;
    }

    /** Fails unless every template opens as an intact image: fuzzing must start from images the reader accepts. */
    public static void requireReadable(List<FuzzTemplate> templates) {
        for (FuzzTemplate template : templates) {
            ReadOrRefuse.mustRead(() -> DiskImages.open(template.intact()));
        }
    }

    /** Opens a damaged copy of the template {@code data} picks and requires that it is read or refused cleanly. */
    public static void exercise(List<FuzzTemplate> templates, FuzzedDataProvider data, ByteOrder order,
            Consumer<PatchedBytes> fixChecksums) {
        FuzzTemplate template = templates.get(data.consumeInt(0, templates.size() - 1));
        MemoryByteSource source = template.damaged(data, order, fixChecksums);
        ReadOrRefuse.exercise(() -> DiskImages.open(source));
    }

    /** Makes templates in a temporary folder, which is gone when this returns: templates live in memory. */
    public static List<FuzzTemplate> make(Maker maker) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("fuzz-templates");
            return maker.make(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (folder != null) {
                deleteRecursively(folder);
            }
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
