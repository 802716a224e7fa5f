package dev.ferry.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged command line ({@code ferry-cli/target/ferry-cli.jar}) run as its own process, as bin/ferry runs it. */
final class FerryCommand {

    /**
     * How a run ended.
     *
     * @param exitCode the process's exit code
     * @param out its standard output
     * @param err its standard error
     */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Map<String, String> environment;
    private final Path folder;

    /**
     * @param environment the command line's variables (service URLs, FERRY_HOME); nothing else of this process's
     * @param folder where the runs' output is kept while they run
     */
    FerryCommand(Map<String, String> environment, Path folder) {
        this.environment = Map.copyOf(environment);
        this.folder = folder;
    }

    Result run(String... arguments) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("ferry.project.root", ".."));
        Path jar = root.resolve("ferry-cli/target/ferry-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " does not exist: package ferry-cli first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(folder, "ferry-", ".out");
        Path err = Files.createTempFile(folder, "ferry-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("PATH", System.getenv("PATH"));
        builder.environment().clear();
        builder.environment().putAll(variables);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("ferry " + String.join(" ", arguments) + " did not end within " + TIMEOUT
                    + ":\n" + Files.readString(out) + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                StandardCharsets.UTF_8));
    }
}
