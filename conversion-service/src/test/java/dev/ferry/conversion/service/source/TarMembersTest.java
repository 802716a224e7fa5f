package dev.ferry.conversion.service.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.source.FileByteSource;

/** Finding OVA members in archives GNU tar writes, in each of its formats, and refusing damaged ones. */
class TarMembersTest {

    private static final String LONG_NAME = "a-disk-name-well-beyond-the-hundred-characters-a-classic-tar-header-"
            + "holds-for-a-member-name-disk1.vmdk";

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = { "ustar", "gnu", "pax" })
    void findsEachMemberWhereItsBytesLie(String format) throws Exception {
        byte[] disk = content(70_000, 3);
        Path ova = tar(format, List.of("vm.ovf", "disk1.vmdk"), List.of("<Envelope/>".getBytes(), disk));

        try (FileByteSource archive = FileByteSource.open(ova)) {
            TarMembers.Member member = TarMembers.find(archive, "disk1.vmdk");
            assertThat(member.size()).isEqualTo(disk.length);
            ByteBuffer read = ByteBuffer.allocate(disk.length);
            archive.readFully(member.offset(), read);
            assertThat(read.array()).isEqualTo(disk);
            assertThat(TarMembers.find(archive, "./vm.ovf").size()).isEqualTo("<Envelope/>".length());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "gnu", "pax" })
    void findsMembersWithLongNames(String format) throws Exception {
        byte[] disk = content(5_000, 4);
        Path ova = tar(format, List.of("vm.ovf", LONG_NAME), List.of("x".getBytes(), disk));

        try (FileByteSource archive = FileByteSource.open(ova)) {
            TarMembers.Member member = TarMembers.find(archive, LONG_NAME);
            ByteBuffer read = ByteBuffer.allocate(disk.length);
            archive.readFully(member.offset(), read);
            assertThat(read.array()).isEqualTo(disk);
        }
    }

    @Test
    void missingMemberIsNamed() throws Exception {
        Path ova = tar("ustar", List.of("vm.ovf"), List.of("x".getBytes()));
        try (FileByteSource archive = FileByteSource.open(ova)) {
            assertThatThrownBy(() -> TarMembers.find(archive, "disk1.vmdk"))
                    .isInstanceOf(FileNotFoundException.class)
                    .hasMessageContaining("no member 'disk1.vmdk'");
        }
    }

    @Test
    void damagedHeaderIsRefusedWithItsOffset() throws Exception {
        Path ova = tar("ustar", List.of("vm.ovf", "disk1.vmdk"), List.of("x".getBytes(), content(2_000, 5)));
        try (FileChannel channel = FileChannel.open(ova, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("garbage".getBytes()), 1024 + 10);
        }
        try (FileByteSource archive = FileByteSource.open(ova)) {
            assertThatThrownBy(() -> TarMembers.find(archive, "disk1.vmdk"))
                    .isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("checksum")
                    .hasMessageContaining("at file offset 1024");
        }
    }

    @Test
    void memberSizeBeyondTheArchiveIsRefused() throws Exception {
        Path ova = tar("ustar", List.of("disk1.vmdk"), List.of(content(600, 6)));
        byte[] header = new byte[512];
        try (FileChannel channel = FileChannel.open(ova, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.read(ByteBuffer.wrap(header), 0);
            System.arraycopy("77777777777\0".getBytes(), 0, header, 124, 12);
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
            }
            System.arraycopy(String.format("%06o\0 ", sum).getBytes(), 0, header, 148, 8);
            channel.write(ByteBuffer.wrap(header), 0);
        }
        try (FileByteSource archive = FileByteSource.open(ova)) {
            assertThatThrownBy(() -> TarMembers.find(archive, "disk1.vmdk"))
                    .isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("runs past the end of the archive");
        }
    }

    private Path tar(String format, List<String> names, List<byte[]> contents) throws IOException,
            InterruptedException {
        Path members = Files.createDirectories(folder.resolve("members-" + format));
        for (int i = 0; i < names.size(); i++) {
            Files.write(members.resolve(names.get(i)), contents.get(i));
        }
        Path archive = folder.resolve("vm-" + format + ".ova");
        List<String> command = new ArrayList<>(List.of("tar", "--format=" + format, "-cf", archive.toString(), "-C",
                members.toString()));
        command.addAll(names);
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(output).isZero();
        return archive;
    }

    private static byte[] content(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
