package dev.ferry.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a program the demo relies on (qemu-img, tar) and says clearly when it is missing or fails. */
final class ExternalTool {

    /**
     * What a run printed and how it ended.
     *
     * @param exitCode the program's exit code
     * @param output standard output and error together
     */
    record Result(int exitCode, String output) {
    }

    static final ExternalTool QEMU_IMG = new ExternalTool("qemu-img", "install it with apt-get install qemu-utils");
    static final ExternalTool TAR = new ExternalTool("tar", "install it with apt-get install tar");

    private final String program;
    private final String install;

    /** @param install how to get the program ("apt-get install qemu-utils") */
    ExternalTool(String program, String install) {
        this.program = program;
        this.install = install;
    }

    /** Fails with the install hint unless the program runs. */
    void requireInstalled() {
        try {
            run("--version");
        } catch (DemoException e) {
            throw new DemoException("the demo needs " + program + ": " + install);
        }
    }

    /** Runs the program; a {@link DemoException} with its output when it fails. */
    Result run(String... arguments) {
        Result result = attempt(arguments);
        if (result.exitCode() != 0) {
            throw new DemoException(program + " " + String.join(" ", arguments) + " failed (exit code "
                    + result.exitCode() + "): " + result.output().strip());
        }
        return result;
    }

    /** Runs the program and returns how it ended, whatever the exit code. */
    Result attempt(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new DemoException("cannot run " + program + " (" + e.getMessage() + "): " + install);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException(program + " was interrupted");
        }
    }
}
