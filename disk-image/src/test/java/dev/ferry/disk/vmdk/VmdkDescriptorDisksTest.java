package dev.ferry.disk.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/** Disks described by text descriptors: hand-made multi-extent layouts, ESXi datastore disks and delta disks. */
class VmdkDescriptorDisksTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path folder;

    @Test
    void readsFlatSparseAndVmfsExtentsLaidEndToEnd() throws IOException {
        long size = 6 * MIB + 3 * 512;
        Path raw = SyntheticDisk.ofSize(size)
                .with(0, 512, Content.RANDOM)
                .with(2 * MIB - 1000, 5000, Content.TEXT)
                .with(3 * MIB, 100_000, Content.RANDOM)
                .with(size - 512, 512, Content.RANDOM)
                .writeRaw(folder.resolve("truth.raw"));
        byte[] truth = Files.readAllBytes(raw);
        // A flat file that starts 1 MiB into its file, a sparse extent made by qemu, and an ESXi-style VMFS extent.
        byte[] junk = new byte[(int) MIB];
        java.util.Arrays.fill(junk, (byte) 0x5a);
        Files.write(folder.resolve("a-flat.vmdk"), concat(junk, slice(truth, 0, 2 * MIB)));
        Path sparsePart = Files.write(folder.resolve("b.raw"), slice(truth, 2 * MIB, 2 * MIB));
        QemuImg.convert(sparsePart, "raw", folder.resolve("b.vmdk"), "vmdk");
        Files.write(folder.resolve("c-flat.vmdk"), slice(truth, 4 * MIB, size - 4 * MIB));
        Path disk = folder.resolve("disk.vmdk");
        Files.writeString(disk, "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\n"
                + "createType=\"twoGbMaxExtentSparse\"\n\n# Extent description\n"
                + "RW 4096 FLAT \"a-flat.vmdk\" 2048\n"
                + "RW 4096 SPARSE \"b.vmdk\"\n"
                + "RW " + (size - 4 * MIB) / 512 + " VMFS \"c-flat.vmdk\"\n\n#DDB\nddb.adapterType = \"lsilogic\"\n");

        assertThat(QemuImg.compare(raw, "raw", disk, "vmdk").exitCode()).as("qemu reads the same disk").isZero();
        try (DiskImage image = DiskImages.open(disk)) {
            ImageAssertions.assertSameContent(image, raw);
            assertThat(image.info().details()).containsEntry("extents", "3");
            assertThat(image.info().fileSize()).isEqualTo(Files.size(disk) + Files.size(folder.resolve("a-flat.vmdk"))
                    + Files.size(folder.resolve("b.vmdk")) + Files.size(folder.resolve("c-flat.vmdk")));
        }
    }

    @Test
    void readsZeroExtentsAsZerosWithoutAFile() throws IOException {
        Files.write(folder.resolve("data-flat.vmdk"), filled(MIB, (byte) 7));
        Path disk = folder.resolve("z.vmdk");
        Files.writeString(disk, "# Disk DescriptorFile\nversion=1\ncreateType=\"custom\"\n"
                + "RW 2048 FLAT \"data-flat.vmdk\" 0\nRW 4096 ZERO\nRDONLY 2048 FLAT \"data-flat.vmdk\" 0\n");

        try (DiskImage image = DiskImages.open(disk)) {
            assertThat(image.virtualSize()).isEqualTo(4 * MIB);
            assertThat(image.extent(MIB, 3 * MIB)).isEqualTo(Extent.zeros(MIB, 2 * MIB));
            ByteBuffer across = ByteBuffer.allocate((int) (2 * MIB + 2));
            image.read(MIB - 1, across);
            assertThat(across.get(0)).isEqualTo((byte) 7);
            assertThat(across.get(1)).isZero();
            assertThat(across.get((int) (2 * MIB))).isZero();
            assertThat(across.get((int) (2 * MIB + 1))).isEqualTo((byte) 7);
            assertThat(image.info().warnings()).anySatisfy(w -> assertThat(w).contains("RDONLY"));
        }
    }

    @Test
    void readsEsxiDatastoreDescriptorsWithCrlfAndExtraEntries() throws IOException {
        Path raw = SyntheticDisk.ofSize(3 * MIB).with(MIB, 70_000, Content.TEXT).writeRaw(folder.resolve("e.raw"));
        Files.copy(raw, folder.resolve("vm-flat.vmdk"));
        Path disk = folder.resolve("vm.vmdk");
        Files.writeString(disk, String.join("\r\n",
                "# Disk DescriptorFile",
                "version=1",
                "encoding=\"UTF-8\"",
                "CID=a1b2c3d4",
                "parentCID=ffffffff",
                "isNativeSnapshot=\"no\"",
                "createType=\"vmfs\"",
                "",
                "# Extent description",
                "RW 6144 VMFS \"vm-flat.vmdk\"",
                "",
                "# Change Tracking File",
                "changeTrackPath=\"vm-ctk.vmdk\"",
                "",
                "# The Disk Data Base",
                "#DDB",
                "",
                "ddb.adapterType = \"lsilogic\"",
                "ddb.deletable = \"true\"",
                "ddb.geometry.cylinders = \"1\"",
                "ddb.geometry.heads = \"255\"",
                "ddb.geometry.sectors = \"63\"",
                "ddb.longContentID = \"0e1f2a3b4c5d6e7f8091a2b3a1b2c3d4\"",
                "ddb.thinProvisioned = \"1\"",
                "ddb.uuid = \"60 00 C2 9b 1e 4f 2a 7c-8e 6d 3c 2b 1a 09 f8 e7\"",
                "ddb.virtualHWVersion = \"13\"",
                ""));

        assertThat(QemuImg.compare(raw, "raw", disk, "vmdk").exitCode()).isZero();
        try (DiskImage image = DiskImages.open(disk)) {
            ImageAssertions.assertSameContent(image, raw);
            assertThat(image.info().subformat()).isEqualTo("vmfs");
            assertThat(image.info().details()).containsEntry("CID", "a1b2c3d4")
                    .containsEntry("hardware version", "13").containsEntry("geometry", "1/255/63");
        }
    }

    @Test
    void readsADeltaDiskOverItsParentWithZeroedGrains() throws IOException {
        Path base = folder.resolve("base.vmdk");
        QemuImg.create(base, "vmdk", 4 * MIB, "zeroed_grain=on");
        qemuIo(base, "write -P 0x11 0 1M");
        Path child = folder.resolve("child.vmdk");
        QemuImg.run(List.of("create", "-q", "-f", "vmdk", "-o", "zeroed_grain=on", "-b", "base.vmdk", "-F", "vmdk",
                child.toString()));
        qemuIo(child, "write -P 0x22 64k 64k", "write -z 128k 128k");
        Path expected = folder.resolve("expected.raw");
        QemuImg.convert(child, "vmdk", expected, "raw");

        try (DiskImage image = DiskImages.open(child)) {
            ImageAssertions.assertSameContent(image, expected);
            assertThat(image.info().backing()).isEqualTo("base.vmdk");
            assertThat(image.extent(0, 4 * MIB)).isEqualTo(Extent.data(0, 128 * 1024));
            assertThat(image.extent(128 * 1024, 4 * MIB - 128 * 1024)).isEqualTo(Extent.zeros(128 * 1024,
                    128 * 1024));
            assertThat(image.extent(256 * 1024, 4 * MIB - 256 * 1024)).isEqualTo(Extent.data(256 * 1024,
                    MIB - 256 * 1024));
            assertThat(image.extent(MIB, 3 * MIB)).isEqualTo(Extent.zeros(MIB, 3 * MIB));
        }
    }

    @Test
    void refusesADeltaDiskWhoseParentChangedSinceTheSnapshot() throws IOException {
        Path base = folder.resolve("base.vmdk");
        QemuImg.create(base, "vmdk", 4 * MIB);
        Path child = folder.resolve("child.vmdk");
        QemuImg.run(List.of("create", "-q", "-f", "vmdk", "-b", "base.vmdk", "-F", "vmdk", child.toString()));
        qemuIo(base, "write -P 0x33 0 64k");

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("parent changed");
    }

    @Test
    void refusesADeltaDiskWithAParentCidButNoParentName() throws IOException {
        Files.write(folder.resolve("p-flat.vmdk"), new byte[8192]);
        Path disk = folder.resolve("p.vmdk");
        Files.writeString(disk, "# Disk DescriptorFile\nversion=1\nparentCID=12345678\ncreateType=\"monolithicFlat\"\n"
                + "RW 16 FLAT \"p-flat.vmdk\" 0\n");

        assertThatThrownBy(() -> DiskImages.open(disk)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("parentFileNameHint");
    }

    @Test
    void closesExtentFilesWhenOpeningFails() throws IOException {
        Files.write(folder.resolve("ok-flat.vmdk"), new byte[8192]);
        Path disk = folder.resolve("f.vmdk");
        Files.writeString(disk, "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicFlat\"\n"
                + "RW 16 FLAT \"ok-flat.vmdk\" 0\nRW 16 FLAT \"missing-flat.vmdk\" 0\n");

        assertThatThrownBy(() -> DiskImages.open(disk)).isInstanceOf(java.nio.file.NoSuchFileException.class);
        // On Linux an open file could still be deleted, so check the process's descriptors instead.
        assertThat(openFilesNamed("ok-flat.vmdk")).isZero();
    }

    private static long openFilesNamed(String name) throws IOException {
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().endsWith(name);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private static void qemuIo(Path image, String... commands) throws IOException {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "vmdk"));
        for (String each : commands) {
            command.add("-c");
            command.add(each);
        }
        command.add(image.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("error", "failed");
    }

    private static byte[] slice(byte[] bytes, long from, long length) {
        return java.util.Arrays.copyOfRange(bytes, (int) from, (int) (from + length));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] filled(long length, byte value) {
        byte[] bytes = new byte[(int) length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
