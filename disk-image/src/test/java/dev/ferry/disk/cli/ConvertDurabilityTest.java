package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
    Path folder;

    private Path source;
    private Path target;
    private Path trace;

    @BeforeEach
    void createSource() throws IOException {
        source = SyntheticDisk.scattered(SIZE, 7, 0.3, 0.1, 64 << 10, 4 << 20).writeRaw(folder.resolve("source.raw"));
        target = folder.resolve("target.vhdx");
        trace = folder.resolve("trace.txt");
    }

    @Test
    void aConversionSyncsTheTargetBeforeNamingItAndSyncsTheFolderAfter() throws Exception {
        // No checkpoints, whose syncs would hide a missing final one.
        List<String> calls = convertTraced("--checkpoint-every", "0", "--checkpoint-interval", "0");

        int rename = indexOf(calls, renameOfThePart());
        int lastPartSync = lastIndexOf(calls, syncOf(ImageConverter.partFile(target)));
        assertThat(rename).as("the rename in %s", calls).isNotNegative();
        assertThat(lastPartSync).as("an fsync of the unfinished target in %s", calls).isNotNegative()
                .isLessThan(rename);
        assertThat(calls.subList(rename, calls.size())).as("calls after the rename")
                .anyMatch(syncOf(folder).asMatchPredicate());
    }

    @Test
    void aConversionWithoutSyncWaitsForNoWriteAndWritesNoCheckpoint() throws Exception {
        List<String> calls = convertTraced("--no-sync", "--checkpoint-every", "8M");

        assertThat(indexOf(calls, renameOfThePart())).as("the rename in %s", calls).isNotNegative();
        assertThat(calls).as("nothing but the rename").singleElement().matches(renameOfThePart().asMatchPredicate());
    }

    /**
     * Converts the source into a VHDX under strace and returns the traced calls: syncs of any kind and renames, each
     * with the paths of its descriptors.
     */
    private List<String> convertTraced(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("convert", "-q", "-O", "vhdx"));
        args.addAll(List.of(options));
        args.addAll(List.of(source.toString(), target.toString()));
        List<String> strace = List.of("strace", "-f", "-qq", "-y", "--seccomp-bpf", "-o", trace.toString(), "-e",
                "trace=fsync,fdatasync,sync_file_range,syncfs,sync,rename,renameat,renameat2");
        FerryDiskProcess run = FerryDiskProcess.startUnder(strace, folder, args.toArray(String[]::new));
        assertThat(run.waitForExit()).as(run.stderrSoFar()).isZero();
        assertThat(QemuImg.compare(source, "raw", target, "vhdx").ok()).isTrue();
        assertThat(ImageConverter.checkpointFile(target)).doesNotExist();
        // Calls of ferry-disk's files only: the JVM's own (its class data archive, say) are not the point here.
        String folderPath = folder.toRealPath().toString();
        return Files.readAllLines(trace).stream().filter(line -> line.contains(folderPath)).toList();
    }

    private Pattern renameOfThePart() {
        return Pattern.compile(".*rename(at2?)?\\(.*\"" + Pattern.quote(real(ImageConverter.partFile(target)))
                + "\",.*\"" + Pattern.quote(real(target)) + "\".*\\) = 0");
    }

    private static Pattern syncOf(Path file) {
        return Pattern.compile(".*\\b(fsync|fdatasync)\\(\\d+<" + Pattern.quote(real(file)) + ">\\) = 0");
    }

    private static String real(Path file) {
        try {
            return file.getParent().toRealPath().resolve(file.getFileName()).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
