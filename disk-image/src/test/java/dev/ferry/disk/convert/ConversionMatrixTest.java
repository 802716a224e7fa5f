package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.ReadableSource;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.write.DiskWriters;
import dev.ferry.disk.write.WriteOptions;

/**
 * The full conversion matrix: every kind of image Ferry reads, converted by {@link ImageConverter} with several
 * threads into every format and subformat it writes, for a mixed, an empty and a full disk, all of sizes no block or
 * cluster size divides. qemu-img is the judge: each output must compare equal to its source and pass
 * {@code qemu-img check} where qemu can check the format. Every other source is converted without durability
 * ({@link ConversionOptions.Builder#durable}), so that each writer finishes both ways.
 */
class ConversionMatrixTest {

    private static final int KIB = 1024;
    private static final int MIB = 1 << 20;

    /** The disks every conversion is tried on. */
    enum TestDisk {
        /** Random, text and zero extents of up to 256 KiB, with data in the first and the last sector. */
        MIXED(5 * MIB + 3 * 512) {
            @Override
            SyntheticDisk content() {
                return SyntheticDisk.scattered(size, 3, 0.35, 0.3, 512, 256 * KIB).with(0, 512, Content.RANDOM)
                        .with(size - 512, 512, Content.TEXT);
            }
        },
        /** All zeros: outputs must hold no data. */
        EMPTY(3 * MIB + 512) {
            @Override
            SyntheticDisk content() {
                return SyntheticDisk.ofSize(size);
            }
        },
        /** Not one zero sector: random and text extents from the first byte to the last. */
        FULL(3 * MIB + 2 * 512) {
            @Override
            SyntheticDisk content() {
                return SyntheticDisk.scattered(size, 5, 0.5, 0.5, 4 * KIB, 512 * KIB);
            }
        };

        final long size;

        TestDisk(long size) {
            this.size = size;
        }

        abstract SyntheticDisk content();
    }

    /** Ground truths and source images, made once for all conversions. */
    @TempDir
    static Path sources;

    private static final Map<String, ReadableSource.Made> MADE = new ConcurrentHashMap<>();

    @TempDir
    Path outputs;

    static Stream<Arguments> conversions() {
        List<Arguments> conversions = new ArrayList<>();
        for (TestDisk disk : TestDisk.values()) {
            for (ReadableSource source : ReadableSource.values()) {
                for (DiskWriters.Registration writer : DiskWriters.registrations()) {
                    for (String subformat : writer.subformats()) {
                        boolean durable = source.ordinal() % 2 == 0;
                        conversions.add(Arguments.of(disk, source, writer.format(), subformat, durable));
                    }
                }
            }
        }
        return conversions.stream();
    }

    @ParameterizedTest(name = "{0} disk: {1} to {2} {3}, durable: {4}")
    @MethodSource("conversions")
    void outputIsIdenticalToTheSourceAndPassesQemuCheck(TestDisk disk, ReadableSource source, ImageFormat format,
            String subformat, boolean durable) throws IOException {
        ReadableSource.Made made = made(disk, source);
        Path target = outputs.resolve("out." + format.displayName());
        ConversionOptions options = ConversionOptions.builder()
                .targetFormat(format)
                .writeOptions(WriteOptions.subformat(subformat))
                .threads(3)
                .chunkSize(MIB)
                .durable(durable)
                .build();

        try (DiskImage image = DiskImages.open(made.image())) {
            new ImageConverter(options).convert(image, target);
        }

        QemuImg.Result compare = QemuImg.compare(made.reference(), made.referenceFormat(), target, format.qemuName());
        assertThat(compare.exitCode()).as(compare.output()).isZero();
        if (qemuChecks(format)) {
            QemuImg.Result check = QemuImg.check(target, format.qemuName());
            assertThat(check.exitCode()).as(check.output()).isZero();
        }
    }

    /** qemu-img check has nothing to check in raw and VHD files. */
    private static boolean qemuChecks(ImageFormat format) {
        return format != ImageFormat.RAW && format != ImageFormat.VHD;
    }

    private static ReadableSource.Made made(TestDisk disk, ReadableSource source) throws IOException {
        String key = disk + "/" + source;
        ReadableSource.Made made = MADE.get(key);
        if (made == null) {
            Path groundTruth = sources.resolve(disk.name().toLowerCase(Locale.ROOT) + ".raw");
            if (!groundTruth.toFile().exists()) {
                disk.content().writeRaw(groundTruth);
            }
            made = source.create(groundTruth, sources.resolve(key.toLowerCase(Locale.ROOT)));
            MADE.put(key, made);
        }
        return made;
    }
}
