package dev.ferry.disk.cli;

import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.convert.CancellationToken;
import dev.ferry.disk.convert.ConversionCancelledException;
import dev.ferry.disk.io.NativeFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The ferry-disk command line: inspect, check, convert and checksum disk images. */
@Command(name = "ferry-disk", mixinStandardHelpOptions = true, version = "ferry-disk 0.1.0", description = "Reads, checks, converts and checksums raw, VMDK, VHD, VHDX and qcow2 disk images.", subcommands = {
        InfoCommand.class, ConvertCommand.class, CheckCommand.class, ChecksumCommand.class }, footer = { "",
                "Exit status: 0 ok, 1 invalid image, 2 usage error, 3 other failure, 130 interrupted." })
public final class FerryDisk implements Callable<Integer> {

    /** How long Ctrl-C waits for a command to stop cleanly (a conversion writes its checkpoint) before exiting. */
    private static final long INTERRUPT_GRACE_SECONDS = 30;
    private static final String JNA_PLATFORM_LIBRARY_PATH = "jna.platform.library.path";

    @Spec
    private CommandSpec spec;

    private final CancellationToken interruption;

    FerryDisk(CancellationToken interruption) {
        this.interruption = interruption;
    }

    public static void main(String[] args) {
        // ferry-disk binds only the C library, which JNA loads without a search path. Without one given, JNA builds its
        // platform path by running `ldconfig -p`: a process started on every run. (Set here, not in the library, where
        // it would change how JNA finds libraries for every other user in the JVM.)
        if (System.getProperty(JNA_PLATFORM_LIBRARY_PATH) == null) {
            System.setProperty(JNA_PLATFORM_LIBRARY_PATH, "");
        }
        // Binding the native calls overlaps parsing the command line, which takes about as long.
        Thread nativeCalls = new Thread(NativeFile::available, "ferry-disk-native-calls");
        nativeCalls.setDaemon(true);
        nativeCalls.start();
        // Ctrl-C or SIGTERM cancels the command, and the JVM exits only once the command has stopped and reported.
        CancellationToken interruption = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            interruption.cancel();
            try {
                finished.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ferry-disk-interrupt"));
        int status = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), interruption, args);
        finished.countDown();
        System.exit(status);
    }

    /** Runs a command line and returns its exit status, writing to {@code out} and {@code err}. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, new CancellationToken(), args);
    }

    private static int run(PrintWriter out, PrintWriter err, CancellationToken interruption, String... args) {
        CommandLine commandLine = new CommandLine(new FerryDisk(interruption))
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(FerryDisk::reportFailure);
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** Cancelled when the process is asked to stop (Ctrl-C, SIGTERM). */
    CancellationToken interruption() {
        return interruption;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: info, convert, check or checksum");
    }

    /** Turns a failure into one line a person can act on, and the exit status that classifies it. */
    static int reportFailure(Exception failure, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        int status;
        String message;
        if (failure instanceof ImageFormatException || failure instanceof SecurityException) {
            status = ExitCode.INVALID_IMAGE;
            message = "invalid image: " + failure.getMessage();
        } else if (failure instanceof FileAlreadyExistsException exists) {
            status = ExitCode.USAGE;
            message = exists.getFile() + " already exists; use --overwrite to replace it";
        } else if (failure instanceof NoSuchFileException missing) {
            status = ExitCode.USAGE;
            message = "no such file: " + missing.getFile();
        } else if (failure instanceof IllegalArgumentException) {
            status = ExitCode.USAGE;
            message = failure.getMessage();
        } else if (failure instanceof ConversionCancelledException) {
            status = ExitCode.CANCELLED;
            message = "interrupted; run the same command again to resume from the last checkpoint (or to start "
                    + "over, where none was written)";
        } else if (failure instanceof java.io.IOException) {
            status = ExitCode.FAILURE;
            message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        } else {
            failure.printStackTrace(err);
            status = ExitCode.FAILURE;
            message = "internal error: " + failure;
        }
        err.println("ferry-disk: " + message);
        err.flush();
        return status;
    }
}
