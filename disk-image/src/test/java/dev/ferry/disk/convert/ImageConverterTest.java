package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.testing.SyntheticImage;

class ImageConverterTest {

    private static final int K = 1024;
    private static final int MiB = 1 << 20;
    private static final long SIZE = 24 * MiB + 12 * K + 3;

    @TempDir
    Path folder;

    private SyntheticDisk disk;
    private Path sourceRaw;

    @BeforeEach
    void createSource() throws IOException {
        disk = SyntheticDisk.scattered(SIZE, 31, 0.35, 0.25, 2 * K, 900 * K)
                .with(0, 512, Content.RANDOM)
                .with(10 * MiB, 2 * MiB, Content.ZERO)
                .with(SIZE - 700, 700, Content.TEXT);
        sourceRaw = disk.writeRaw(folder.resolve("source.raw"));
    }

    @Test
    void convertsRawToRawWithTheSameBytesReadingOnlyDataAndWritingOnlyNonZeroUnits() throws IOException {
        Path target = folder.resolve("target.raw");

        ConversionResult result;
        try (SyntheticImage source = open()) {
            result = new ImageConverter(options().build()).convert(source, target);
            assertThat(source.bytesRead()).isEqualTo(source.dataBytes());
            assertThat(result.bytesRead()).isEqualTo(source.dataBytes());
        }

        assertThat(QemuImg.compare(sourceRaw, "raw", target, "raw").ok()).isTrue();
        assertThat(Files.mismatch(sourceRaw, target)).isEqualTo(-1);
        assertThat(result.bytesRead() + result.zeroBytesSkipped()).isEqualTo(SIZE);
        assertThat(result.bytesWritten()).isLessThan(result.bytesRead());
        assertThat(result.targetFileSize()).isEqualTo(SIZE);
        assertThat(actualSize(target)).isLessThanOrEqualTo(actualSize(sourceRaw));
        assertThat(ImageConverter.partFile(target)).doesNotExist();
        assertThat(ImageConverter.checkpointFile(target)).doesNotExist();
    }

    @Test
    void digestInTheStreamEqualsTheDigestsOfSourceAndOfTheTargetReadBack() throws IOException {
        String expected = TreeDigestTest.plainTreeDigest(sourceRaw);
        int run = 0;
        for (int chunkSize : new int[] { 256 * K, 4 * MiB, 12 * MiB }) {
            for (int threads : new int[] { 1, 3 }) {
                Path target = folder.resolve("target-" + run++ + ".raw");
                try (SyntheticImage source = open()) {
                    ConversionResult result = new ImageConverter(options().digest(true).chunkSize(chunkSize)
                            .threads(threads).build()).convert(source, target);
                    assertThat(result.digest()).as("chunk %d, threads %d", chunkSize, threads).isEqualTo(expected);
                }
                try (DiskImage written = DiskImages.open(target)) {
                    assertThat(TreeDigest.of(written)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void cancelledConversionLeavesNoTargetAndARerunResumesToTheSameBytes() throws IOException {
        Path clean = folder.resolve("clean.raw");
        String cleanDigest;
        try (SyntheticImage source = open()) {
            cleanDigest = new ImageConverter(options().digest(true).build()).convert(source, clean).digest();
        }

        Path target = folder.resolve("target.raw");
        CancellationToken token = new CancellationToken();
        List<Long> checkpoints = new ArrayList<>();
        ConversionListener cancelAfterTwoCheckpoints = new ConversionListener() {
            @Override
            public void checkpointed(long committedOffset) {
                checkpoints.add(committedOffset);
                if (checkpoints.size() == 2) {
                    token.cancel();
                }
            }
        };
        try (SyntheticImage source = open()) {
            ConversionOptions cancelling = options().digest(true).cancellation(token)
                    .listener(cancelAfterTwoCheckpoints).build();
            assertThatThrownBy(() -> new ImageConverter(cancelling).convert(source, target))
                    .isInstanceOf(ConversionCancelledException.class);
        }
        assertThat(target).doesNotExist();
        assertThat(ImageConverter.partFile(target)).exists();
        assertThat(ImageConverter.checkpointFile(target)).exists();

        List<Long> resumedFrom = new ArrayList<>();
        ConversionResult result;
        try (SyntheticImage source = open()) {
            ConversionListener recordResume = new ConversionListener() {
                @Override
                public void resumed(long fromOffset) {
                    resumedFrom.add(fromOffset);
                }
            };
            result = new ImageConverter(options().digest(true).listener(recordResume).build()).convert(source,
                    target);
            assertThat(result.bytesRead()).isLessThan(source.dataBytes());
        }

        assertThat(resumedFrom).containsExactly(result.resumedFrom());
        // Cancelling checkpoints what was committed, which is at least as far as the last periodic checkpoint.
        assertThat(result.resumedFrom()).isGreaterThanOrEqualTo(checkpoints.get(1)).isLessThan(SIZE);
        assertThat(result.bytesRead() + result.zeroBytesSkipped()).isEqualTo(SIZE - result.resumedFrom());
        assertThat(result.digest()).isEqualTo(cleanDigest);
        assertThat(Files.mismatch(clean, target)).isEqualTo(-1);
        assertThat(QemuImg.compare(sourceRaw, "raw", target, "raw").ok()).isTrue();
        assertThat(ImageConverter.checkpointFile(target)).doesNotExist();
    }

    @Test
    void cancellingWithoutCheckpointsLeavesNothingBehind() throws IOException {
        Path target = folder.resolve("target.raw");
        CancellationToken token = new CancellationToken();
        ConversionListener cancelAtOnce = new ConversionListener() {
            @Override
            public void progress(ConversionProgress progress) {
                token.cancel();
            }
        };
        try (SyntheticImage source = open()) {
            ConversionOptions cancelling = options().noCheckpoints().progressInterval(Duration.ZERO)
                    .cancellation(token).listener(cancelAtOnce).build();
            assertThatThrownBy(() -> new ImageConverter(cancelling).convert(source, target))
                    .isInstanceOf(ConversionCancelledException.class);
        }
        assertThat(Files.list(folder)).containsExactly(sourceRaw);
    }

    @Test
    void aConversionThatNeedNotBeDurableWritesNoCheckpointsSoACancelledOneLeavesNothingBehind() throws IOException {
        Path target = folder.resolve("target.raw");
        List<Long> checkpoints = new ArrayList<>();
        CancellationToken token = new CancellationToken();
        ConversionListener cancelHalfway = new ConversionListener() {
            @Override
            public void checkpointed(long committedOffset) {
                checkpoints.add(committedOffset);
            }

            @Override
            public void progress(ConversionProgress progress) {
                if (progress.bytesDone() > SIZE / 2) {
                    token.cancel();
                }
            }
        };
        try (SyntheticImage source = open()) {
            // Checkpoints every 2 MiB were asked for, and would come many times before the cancellation.
            ConversionOptions cancelling = options().durable(false).progressInterval(Duration.ZERO)
                    .cancellation(token).listener(cancelHalfway).build();
            assertThatThrownBy(() -> new ImageConverter(cancelling).convert(source, target))
                    .isInstanceOf(ConversionCancelledException.class);
        }
        assertThat(checkpoints).isEmpty();
        assertThat(Files.list(folder)).containsExactly(sourceRaw);

        try (SyntheticImage source = open()) {
            new ImageConverter(options().durable(false).listener(cancelHalfway).build()).convert(source, target);
        }
        assertThat(checkpoints).isEmpty();
        assertThat(Files.mismatch(sourceRaw, target)).isEqualTo(-1);
        assertThat(ImageConverter.partFile(target)).doesNotExist();
    }

    @Test
    void aWriterCrashIsResumedFromTheLastCheckpoint() throws IOException {
        Path target = folder.resolve("target.raw");
        try (SyntheticImage source = open()) {
            ImageConverter crashing = new ImageConverter(options().build(), new CrashingWriterFactory(40));
            assertThatThrownBy(() -> crashing.convert(source, target)).hasMessage("simulated crash");
        }
        assertThat(target).doesNotExist();
        assertThat(ImageConverter.checkpointFile(target)).exists();

        try (SyntheticImage source = open()) {
            ConversionResult result = new ImageConverter(options().build()).convert(source, target);
            assertThat(result.resumedFrom()).isPositive();
            assertThat(result.bytesRead()).isLessThan(source.dataBytes());
        }
        assertThat(Files.mismatch(sourceRaw, target)).isEqualTo(-1);
    }

    @Test
    void aCheckpointOfAnotherSourceIsNotResumed() throws IOException {
        Path target = folder.resolve("target.raw");
        try (SyntheticImage source = open()) {
            ImageConverter crashing = new ImageConverter(options().sourceFingerprint("snapshot-1").build(),
                    new CrashingWriterFactory(40));
            assertThatThrownBy(() -> crashing.convert(source, target)).hasMessage("simulated crash");
        }
        try (SyntheticImage source = open()) {
            ConversionResult result = new ImageConverter(options().sourceFingerprint("snapshot-2").build())
                    .convert(source, target);
            assertThat(result.resumedFrom()).isZero();
        }
        assertThat(Files.mismatch(sourceRaw, target)).isEqualTo(-1);
    }

    @Test
    void refusesToReplaceAnExistingTargetUnlessAllowed() throws IOException {
        Path target = Files.write(folder.resolve("target.raw"), new byte[] { 42 });
        try (SyntheticImage source = open()) {
            assertThatThrownBy(() -> new ImageConverter(options().build()).convert(source, target))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThat(Files.readAllBytes(target)).containsExactly(42);

            new ImageConverter(options().overwrite(true).build()).convert(source, target);
        }
        assertThat(Files.mismatch(sourceRaw, target)).isEqualTo(-1);
    }

    @Test
    void aCorruptSourceFailsTheConversionAndLeavesNoTarget() throws IOException {
        Path target = folder.resolve("target.raw");
        try (SyntheticImage source = open(); DiskImage corrupt = new CorruptAfter(source, 6 * MiB)) {
            assertThatThrownBy(() -> new ImageConverter(options().build()).convert(corrupt, target))
                    .isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("grain table");
        }
        assertThat(target).doesNotExist();
        // What was committed before the failure stays resumable (a network source may work again later).
        assertThat(ImageConverter.checkpointFile(target)).exists();
    }

    @Test
    void aFailureBeforeAnyCheckpointLeavesNothingBehind() throws IOException {
        Path target = folder.resolve("target.raw");
        try (SyntheticImage source = open(); DiskImage corrupt = new CorruptAfter(source, 6 * MiB)) {
            assertThatThrownBy(() -> new ImageConverter(options().noCheckpoints().build()).convert(corrupt, target))
                    .isInstanceOf(ImageFormatException.class);
        }
        assertThat(Files.list(folder)).containsExactly(sourceRaw);
    }

    @Test
    void anEmptyDiskBecomesAnEmptyTarget() throws IOException {
        SyntheticDisk empty = SyntheticDisk.ofSize(0);
        Path target = folder.resolve("target.raw");
        try (SyntheticImage source = SyntheticImage.open(empty, empty.writeRaw(folder.resolve("empty.raw")))) {
            ConversionResult result = new ImageConverter(options().digest(true).build()).convert(source, target);
            assertThat(result.digest()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
        assertThat(Files.size(target)).isZero();
    }

    /** Small chunks and frequent checkpoints, so that a 24 MiB disk has many of both. */
    private static ConversionOptions.Builder options() {
        return ConversionOptions.builder()
                .targetFormat(ImageFormat.RAW)
                .chunkSize(256 * K)
                .threads(2)
                .checkpointEvery(2 * MiB, Duration.ZERO);
    }

    private SyntheticImage open() throws IOException {
        return SyntheticImage.open(disk, sourceRaw, 512 * K);
    }

    private static long actualSize(Path file) {
        Matcher matcher = Pattern.compile("\"actual-size\":\\s*(\\d+)").matcher(QemuImg.infoJson(file, "raw"));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** An image whose metadata turns out to be broken at a guest offset, as a hostile file's would. */
    private static final class CorruptAfter implements DiskImage {

        private final DiskImage image;
        private final long badOffset;

        CorruptAfter(DiskImage image, long badOffset) {
            this.image = image;
            this.badOffset = badOffset;
        }

        @Override
        public ImageFormat format() {
            return image.format();
        }

        @Override
        public long virtualSize() {
            return image.virtualSize();
        }

        @Override
        public void read(long offset, ByteBuffer destination) throws IOException {
            if (offset + destination.remaining() > badOffset) {
                throw new ImageFormatException("test", 4096, "grain table points past the end of the file");
            }
            image.read(offset, destination);
        }

        @Override
        public Extent extent(long offset, long maxLength) throws IOException {
            return image.extent(offset, maxLength);
        }

        @Override
        public ImageInfo info() throws IOException {
            return image.info();
        }

        @Override
        public void close() {
        }
    }
}
