package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;

/**
 * Traces the system calls of real ferry-disk conversions with strace: by default the target reaches the disk before
 * it gets its name (no power loss can leave a named, half-written image), and with {@code --no-sync} nothing waits for
 * the disk at all, which is the point of the option.
 */
class ConvertDurabilityTest {

    private static final long SIZE = 48L << 20;

    @TempDir
    Path temporary;

    /** The temporary folder by its real path, which is how strace names descriptors. */
    private Path folder;
    private Path source;
    private Path target;

    @BeforeEach
    void createSource() throws IOException {
        folder = temporary.toRealPath();
        source = SyntheticDisk.scattered(SIZE, 7, 0.3, 0.1, 64 << 10, 4 << 20).writeRaw(folder.resolve("source.raw"));
        target = folder.resolve("target.vhdx");
    }

    @Test
    void aConversionSyncsTheTargetAfterItsLastWriteAndBeforeNamingItThenSyncsTheFolder() throws Exception {
        // No checkpoints, whose syncs would hide a missing final one.
        List<List<String>> threads = convertTraced("--checkpoint-every", "0", "--checkpoint-interval", "0");

        // The committing thread writes the target, syncs it and renames it: in its own trace the order is exact.
        List<String> calls = threads.stream().filter(trace -> indexOf(trace, renameOfThePart()) >= 0).findFirst()
                .orElseThrow(() -> new AssertionError("no thread renamed the target: " + threads));
        int rename = indexOf(calls, renameOfThePart());
        int lastSync = lastIndexOf(calls, syncOf(part()));
        int lastWrite = lastIndexOf(calls, writeOf(part()));
        assertThat(lastWrite).as("a write of the unfinished target in %s", brief(calls)).isNotNegative();
        assertThat(lastSync).as("an fsync of the unfinished target after its last write, in %s", brief(calls))
                .isGreaterThan(lastWrite).isLessThan(rename);
        assertThat(calls.subList(rename, calls.size())).as("calls after the rename")
                .anyMatch(syncOf(folder).asMatchPredicate());
    }

    @Test
    void aConversionWithoutSyncWaitsForNoWriteAndWritesNoCheckpoint() throws Exception {
        List<String> calls = convertTraced("--no-sync", "--checkpoint-every", "8M").stream().flatMap(List::stream)
                .filter(call -> !writeOf(part()).matcher(call).matches()).toList();

        assertThat(calls).as("nothing but the rename").singleElement().matches(renameOfThePart().asMatchPredicate());
    }

    /**
     * Converts the source into a VHDX under strace and returns, per thread, the traced calls on files in the folder:
     * writes, syncs of any kind and renames, each with the paths of its descriptors.
     */
    private List<List<String>> convertTraced(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("convert", "-q", "-O", "vhdx"));
        args.addAll(List.of(options));
        args.addAll(List.of(source.toString(), target.toString()));
        Path traces = Files.createDirectory(folder.resolve("traces"));
        // -ff: a file per thread, so that no call is split by another thread's (strace's "unfinished ... resumed").
        List<String> strace = List.of("strace", "-f", "-ff", "-qq", "-y", "--seccomp-bpf", "-o",
                traces.resolve("trace").toString(), "-e",
                "trace=pwrite64,pwritev,?pwritev2,write,writev,fsync,fdatasync,sync_file_range,?syncfs,?sync,?rename,"
                        + "?renameat,?renameat2");
        FerryDiskProcess run = FerryDiskProcess.startUnder(strace, folder, args.toArray(String[]::new));
        assertThat(run.waitForExit()).as(run.stderrSoFar()).isZero();
        assertThat(QemuImg.compare(source, "raw", target, "vhdx").ok()).isTrue();
        assertThat(ImageConverter.checkpointFile(target)).doesNotExist();

        // Calls on ferry-disk's files only: the JVM's own (its class data archive, say) are not the point here.
        List<List<String>> threads = new ArrayList<>();
        try (Stream<Path> files = Files.list(traces)) {
            for (Path file : files.toList()) {
                threads.add(Files.readAllLines(file).stream().filter(line -> line.contains(folder.toString()))
                        .filter(line -> !line.contains(traces.toString())).toList());
            }
        }
        return threads;
    }

    /** The calls with each write of the target shortened to its name: a failure message people can read. */
    private List<String> brief(List<String> calls) {
        return calls.stream().map(call -> writeOf(part()).matcher(call).matches() ? "write(target.vhdx.part)" : call)
                .toList();
    }

    private Path part() {
        return ImageConverter.partFile(target);
    }

    private Pattern renameOfThePart() {
        return Pattern.compile("rename(at2?)?\\(.*\"" + Pattern.quote(part().toString()) + "\",.*\""
                + Pattern.quote(target.toString()) + "\".*\\)\\s+= 0");
    }

    private static Pattern syncOf(Path file) {
        return Pattern.compile("(fsync|fdatasync)\\(\\d+<" + Pattern.quote(file.toString()) + ">\\)\\s+= 0");
    }

    private static Pattern writeOf(Path file) {
        return Pattern.compile("(pwrite64|pwritev2?|write|writev)\\(\\d+<" + Pattern.quote(file.toString()) + ">,.*");
    }

    private static int indexOf(List<String> calls, Pattern pattern) {
        for (int i = 0; i < calls.size(); i++) {
            if (pattern.matcher(calls.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<String> calls, Pattern pattern) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (pattern.matcher(calls.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }
}
