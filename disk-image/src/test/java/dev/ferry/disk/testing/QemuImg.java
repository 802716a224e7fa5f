package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img, the reference implementation every image Ferry writes or reads is judged against. */
public final class QemuImg {

    private static final long TIMEOUT_SECONDS = 600;

    /** What a qemu-img run printed and how it ended. */
    public record Result(int exitCode, String output) {

        public boolean ok() {
            return exitCode == 0;
        }
    }

    private QemuImg() {
    }

    /** {@code qemu-img create -f format [-o options] file size}. */
    public static void create(Path file, String format, long size, String... options) {
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", format));
        addOptions(args, options);
        args.add(file.toString());
        args.add(Long.toString(size));
        require(run(args));
    }

    /** {@code qemu-img convert -f srcFormat -O dstFormat [-o options] src dst}. */
    public static void convert(Path source, String sourceFormat, Path target, String targetFormat, String... options) {
        List<String> args = new ArrayList<>(List.of("convert", "-q", "-f", sourceFormat, "-O", targetFormat));
        addOptions(args, options);
        args.add(source.toString());
        args.add(target.toString());
        require(run(args));
    }

    /** {@code qemu-img convert -c}: like {@link #convert}, with compressed clusters (qcow2) or grains. */
    public static void convertCompressed(Path source, String sourceFormat, Path target, String targetFormat,
            String... options) {
        List<String> args = new ArrayList<>(List.of("convert", "-q", "-c", "-f", sourceFormat, "-O", targetFormat));
        addOptions(args, options);
        args.add(source.toString());
        args.add(target.toString());
        require(run(args));
    }

    /** {@code qemu-img compare}: exit 0 when both images hold the same guest-visible bytes, 1 when they differ. */
    public static Result compare(Path first, String firstFormat, Path second, String secondFormat) {
        return run(List.of("compare", "-f", firstFormat, "-F", secondFormat, first.toString(), second.toString()));
    }

    /** {@code qemu-img check}: exit 0 when the metadata is consistent. Only meaningful for formats qemu can check. */
    public static Result check(Path file, String format) {
        return run(List.of("check", "-f", format, file.toString()));
    }

    /** {@code qemu-img info --output=json}. */
    public static String infoJson(Path file, String format) {
        Result result = run(List.of("info", "--output=json", "-f", format, file.toString()));
        require(result);
        return result.output();
    }

    /** Runs {@code qemu-img args...} and returns what it printed (stdout and stderr together). */
    public static Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("qemu-img");
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("qemu-img did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run qemu-img (install Debian's qemu-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Runs {@code qemu-img args...} and fails unless it succeeds. */
    public static Result runChecked(List<String> args) {
        Result result = run(args);
        require(result);
        return result;
    }

    private static void addOptions(List<String> args, String... options) {
        if (options.length > 0) {
            args.add("-o");
            args.add(String.join(",", options));
        }
    }

    private static void require(Result result) {
        if (!result.ok()) {
            throw new IllegalStateException("qemu-img failed (exit " + result.exitCode() + "): " + result.output());
        }
    }
}
