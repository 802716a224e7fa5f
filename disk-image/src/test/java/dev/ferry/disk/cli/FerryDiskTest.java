package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.convert.CancellationToken;
import dev.ferry.disk.convert.TreeDigest;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import picocli.CommandLine;

class FerryDiskTest {

    private static final int MiB = 1 << 20;

    @TempDir
    Path folder;

    private Path source;

    @BeforeEach
    void createSource() throws IOException {
        source = SyntheticDisk.scattered(9 * MiB + 4096 + 7, 41, 0.4, 0.3, 1000, MiB)
                .writeRaw(folder.resolve("source.raw"));
    }

    @Test
    void infoShowsFormatAndSizes() {
        CommandRun run = run("info", source.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).containsPattern("format: +raw").containsPattern("virtual size: +9.0 MiB \\(9441287 bytes\\)");
    }

    @Test
    void convertWritesTheSameContentAndPrintsTheSourceDigest() throws IOException {
        Path target = folder.resolve("target.raw");

        CommandRun run = run("convert", "--checksum", "--chunk-size", "1M", "--threads", "2", source.toString(),
                target.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(QemuImg.compare(source, "raw", target, "raw").ok()).isTrue();
        assertThat(run.out()).contains("sha256-tree: " + digestOf(source));
    }

    @Test
    void convertWithVerifyReadsTheTargetBack() {
        CommandRun run = run("convert", "--verify", "-O", "raw", source.toString(), folder.resolve("t.raw").toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("verified:");
    }

    @Test
    void convertLogsCheckpointsAsPlainLinesWhenNotOnATerminal() {
        CommandRun run = run("convert", "--checkpoint-every", "2M", "--chunk-size", "1M", source.toString(),
                folder.resolve("t.raw").toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("checkpoint at guest offset").contains("progress 100.0%").doesNotContain("\r");
    }

    @Test
    void convertRefusesToReplaceAnExistingTargetWithUsageStatus() throws IOException {
        Path target = Files.write(folder.resolve("target.raw"), new byte[] { 1 });

        CommandRun run = run("convert", source.toString(), target.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("already exists; use --overwrite");
        assertThat(Files.readAllBytes(target)).containsExactly(1);
        assertThat(run("convert", "--overwrite", source.toString(), target.toString()).status()).isZero();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("convert", source.toString()).status()).isEqualTo(2);
        assertThat(run("convert", "--no-such-option", source.toString(), "x").status()).isEqualTo(2);
        assertThat(run("frobnicate").status()).isEqualTo(2);
        assertThat(run().status()).isEqualTo(2);

        CommandRun unknownFormat = run("convert", "-O", "floppy", source.toString(), folder.resolve("t").toString());
        assertThat(unknownFormat.status()).isEqualTo(2);
        assertThat(unknownFormat.err()).contains("unknown image format 'floppy'");

        CommandRun unknownSubformat = run("convert", "--subformat", "fixed", source.toString(),
                folder.resolve("t").toString());
        assertThat(unknownSubformat.status()).isEqualTo(2);
        assertThat(unknownSubformat.err()).contains("subformat 'fixed'");

        CommandRun missing = run("info", folder.resolve("missing.vmdk").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").contains("missing.vmdk");

        CommandRun unknownScheme = run("checksum", "gopher://host/disk.img");
        assertThat(unknownScheme.status()).isEqualTo(2);
        assertThat(unknownScheme.err()).contains("unknown kind of source 'gopher://'");
    }

    @Test
    void anInvalidImageExitsWithOneNamingTheProblemAndOffset() {
        CommandLine commandLine = new CommandLine(new FerryDisk(new CancellationToken()));
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));

        int status = FerryDisk.reportFailure(new ImageFormatException("vmdk", 0x10200,
                "grain table entry points past the end of the file"), commandLine, null);

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ferry-disk: invalid image: vmdk: grain table entry points past the end "
                + "of the file (at file offset 66048, 0x10200)" + System.lineSeparator());
    }

    @Test
    void anImageItsReaderRejectsFailsTheCheckWithOne() throws IOException {
        Path qcow2 = folder.resolve("cut.qcow2");
        QemuImg.create(qcow2, "qcow2", 64L * MiB);
        // Keep the header, lose the tables it points at.
        try (FileChannel channel = FileChannel.open(qcow2, StandardOpenOption.WRITE)) {
            channel.truncate(512);
        }

        CommandRun run = run("check", qcow2.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("qcow2").contains("offset");
    }

    @Test
    void checkWalksTheImageAndReportsNoProblems() {
        CommandRun run = run("check", "--read-data", source.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("no problems found").contains("all data read");
    }

    @Test
    void checksumPrintsTheDigestNextToTheImageName() throws IOException {
        CommandRun run = run("checksum", "-q", source.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo(digestOf(source) + "  " + source + System.lineSeparator());
    }

    @Test
    void aFileUrlIsAPath() throws IOException {
        CommandRun run = run("checksum", "-q", source.toUri().toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith(digestOf(source));
    }

    private static String digestOf(Path raw) throws IOException {
        try (DiskImage image = DiskImages.open(raw)) {
            return TreeDigest.of(image);
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
