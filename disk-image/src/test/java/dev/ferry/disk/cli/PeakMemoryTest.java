package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/**
 * Memory does not grow with disk size: the same conversion of a 4 GiB and of a 64 GiB disk (the same data spread
 * across each, a VMDK with one grain table per 32 MiB into a dynamic VHDX) both succeed in a child JVM limited to a 128 MiB
 * heap,
 * with the same settings, and their peak resident memory (VmHWM in /proc/PID/status) is about the same. Both peaks
 * are printed for the record.
 */
class PeakMemoryTest {

    private static final long GIB = 1L << 30;
    private static final String HEAP = "-Xmx128m";
    private static final Pattern PEAK = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    @TempDir
    Path folder;

    @Test
    void convertingA64GiBDiskTakesNoMoreMemoryThanA4GiBOne() throws Exception {
        long small = peakKilobytes(4 * GIB);
        long large = peakKilobytes(64 * GIB);

        System.out.printf("peak RSS (VmHWM) with %s: 4 GiB disk %d MiB, 64 GiB disk %d MiB%n", HEAP, small / 1024,
                large / 1024);
        // Peaks wander by some megabytes: the longer walk of the larger disk makes more code hot, and the JIT
        // compiler's arenas (NMT's "Compiler") grow for a while. Growth with the disk would be 16 times as much.
        assertThat(large).as("peak kB of the 64 GiB conversion against the 4 GiB one (%d kB)", small)
                .isLessThan(small + 48 * 1024);
    }

    /**
     * Converts a disk of {@code size} in a child JVM and returns its VmHWM. Both disks hold the same data, 64 runs of
     * 512 KiB spread evenly from start to end, so that only the size differs.
     */
    private long peakKilobytes(long size) throws Exception {
        SyntheticDisk disk = SyntheticDisk.ofSize(size);
        long stride = size / 64;
        for (int run = 0; run < 64; run++) {
            disk.with(run * stride + 4096, 512 << 10, run % 2 == 0 ? Content.RANDOM : Content.TEXT);
        }
        Path raw = disk.writeRaw(folder.resolve(size + ".raw"));
        Path source = folder.resolve(size + ".vmdk");
        QemuImg.convert(raw, "raw", source, "vmdk", "subformat=monolithicSparse");
        Files.delete(raw);
        Path target = folder.resolve(size + ".vhdx");

        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), HEAP, "-cp", System.getProperty("java.class.path"), PeakMemoryTest.class.getName(),
                "convert", "-O", "vhdx", "--threads", "2", source.toString(), target.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        QemuImg.Result compare = QemuImg.compare(source, "vmdk", target, "vhdx");
        assertThat(compare.exitCode()).as(compare.output()).isZero();
        Matcher peak = PEAK.matcher(output);
        assertThat(peak.find()).as(output).isTrue();
        return Long.parseLong(peak.group(1));
    }

    /** The child: runs ferry-disk, then prints its own peak resident memory. */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        int status = FerryDisk.run(out, new PrintWriter(System.err, true), args);
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                out.println(line);
            }
        }
        System.exit(status);
    }
}
