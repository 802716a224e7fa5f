package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.testing.SyntheticImage;

class TreeDigestTest {

    private static final int K = 1024;
    private static final int MiB = 1 << 20;

    @TempDir
    Path folder;

    @Test
    void theZeroLeafConstantIsTheHashOfAFullLeafOfZeros() {
        TreeDigest digest = new TreeDigest(TreeDigest.LEAF_SIZE);
        assertThat(digest.zeroLeafHash(TreeDigest.LEAF_SIZE))
                .isEqualTo(TreeDigest.hashLeaf(ByteBuffer.allocate(TreeDigest.LEAF_SIZE)));
    }

    @Test
    void anEmptyDiskHasTheHashOfNothing() throws IOException {
        Path empty = Files.createFile(folder.resolve("empty.raw"));
        try (DiskImage image = DiskImages.open(empty)) {
            assertThat(TreeDigest.of(image))
                    .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
    }

    @Test
    void equalsTheShellPipelineTheJavadocGives() throws Exception {
        Path raw = SyntheticDisk.scattered(9 * MiB + 123, 21, 0.4, 0.3, 1000, 700 * K)
                .writeRaw(folder.resolve("disk.raw"));
        Process shell = new ProcessBuilder("bash", "-c", "split -b 4M disk.raw leaf. && for f in leaf.*; do "
                + "sha256sum <\"$f\" | cut -c1-64; done | xxd -r -p | sha256sum")
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(shell.waitFor()).as(output).isZero();

        try (DiskImage image = DiskImages.open(raw)) {
            assertThat(output).startsWith(TreeDigest.of(image) + " ");
        }
    }

    @Test
    void doesNotDependOnChunkSizeOrThreadCount() throws IOException {
        long size = 13 * MiB + 4 * K + 17;
        SyntheticDisk disk = SyntheticDisk.scattered(size, 23, 0.3, 0.2, 300, 2 * MiB)
                .with(4 * MiB, 4 * MiB, Content.ZERO)
                .with(size - 10, 10, Content.RANDOM);
        Path raw = disk.writeRaw(folder.resolve("disk.raw"));
        String expected = plainTreeDigest(raw);

        for (int chunkSize : new int[] { 64 * K, MiB, 4 * MiB, 8 * MiB, 12 * MiB }) {
            for (int threads : new int[] { 1, 2, 3 }) {
                try (SyntheticImage image = SyntheticImage.open(disk, raw, 300 * K)) {
                    ConversionOptions options = ConversionOptions.builder().chunkSize(chunkSize).threads(threads)
                            .build();
                    assertThat(TreeDigest.of(image, options)).as("chunk %d, threads %d", chunkSize, threads)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aRestoredDigestContinuesAsIfNeverInterrupted() {
        long size = 3L * TreeDigest.LEAF_SIZE + 5;
        byte[] leaf = new byte[32];
        Arrays.fill(leaf, (byte) 9);

        TreeDigest uninterrupted = new TreeDigest(size);
        uninterrupted.addLeaf(0, leaf);
        uninterrupted.addZeroLeaves(TreeDigest.LEAF_SIZE, 3L * TreeDigest.LEAF_SIZE);
        uninterrupted.addLeaf(3L * TreeDigest.LEAF_SIZE, leaf);

        TreeDigest first = new TreeDigest(size);
        first.addLeaf(0, leaf);
        first.addZeroLeaves(TreeDigest.LEAF_SIZE, 2L * TreeDigest.LEAF_SIZE);
        TreeDigest resumed = TreeDigest.restore(size, first.state());
        assertThat(resumed.nextLeafOffset()).isEqualTo(2L * TreeDigest.LEAF_SIZE);
        resumed.addZeroLeaves(2L * TreeDigest.LEAF_SIZE, 3L * TreeDigest.LEAF_SIZE);
        resumed.addLeaf(3L * TreeDigest.LEAF_SIZE, leaf);

        assertThat(resumed.hex()).isEqualTo(uninterrupted.hex());
    }

    @Test
    void refusesLeavesOutOfOrderAndAnUnfinishedResult() {
        TreeDigest digest = new TreeDigest(2L * TreeDigest.LEAF_SIZE);
        assertThatThrownBy(() -> digest.addLeaf(TreeDigest.LEAF_SIZE, new byte[32]))
                .isInstanceOf(IllegalStateException.class);
        digest.addLeaf(0, new byte[32]);
        assertThatThrownBy(digest::hex).isInstanceOf(IllegalStateException.class);
        digest.addLeaf(TreeDigest.LEAF_SIZE, new byte[32]);
        // Two leaves cannot belong to a disk of one.
        assertThatThrownBy(() -> TreeDigest.restore(TreeDigest.LEAF_SIZE, digest.state()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The definition, executed as plainly as possible: hash each 4 MiB of the file, then hash the hashes. */
    static String plainTreeDigest(Path raw) throws IOException {
        try {
            byte[] content = Files.readAllBytes(raw);
            MessageDigest root = MessageDigest.getInstance("SHA-256");
            for (int offset = 0; offset < content.length; offset += TreeDigest.LEAF_SIZE) {
                int length = Math.min(TreeDigest.LEAF_SIZE, content.length - offset);
                MessageDigest leaf = MessageDigest.getInstance("SHA-256");
                leaf.update(content, offset, length);
                root.update(leaf.digest());
            }
            return HexFormat.of().formatHex(root.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
