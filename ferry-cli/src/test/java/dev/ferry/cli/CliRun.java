package dev.ferry.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the ferry command line in this JVM, as a person would type it, with an environment of the test's choosing, and
 * keeps what it printed.
 *
 * @param exitCode the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code arguments} with {@code environment} (and no other variables), not on a terminal, no input. */
    public static CliRun of(Map<String, String> environment, String... arguments) {
        return withInput(environment, "", arguments);
    }

    public static CliRun withInput(Map<String, String> environment, String stdin, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> variables = new HashMap<>(environment);
        // Never the developer's own .ferry: a home that holds no tokens unless the test puts some there.
        variables.putIfAbsent("FERRY_HOME", "/nonexistent/ferry-home");
        int exitCode = Ferry.commandLine(variables, new Terminal(false, 100), new ByteArrayInputStream(stdin
                .getBytes(StandardCharsets.UTF_8)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(arguments);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
