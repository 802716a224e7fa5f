package dev.ferry.cli;

import java.util.Map;

/**
 * What the command line knows of the screen it prints to: whether a person watches it (so progress can be redrawn in
 * place) and how wide it is.
 *
 * @param interactive standard output is a terminal
 * @param columns its width in characters
 */
public record Terminal(boolean interactive, int columns) {

    private static final int DEFAULT_COLUMNS = 100;

    /**
     * The terminal of this process: bin/ferry tells with FERRY_TERMINAL=1 and COLUMNS whether standard output is a
     * terminal and how wide it is (a JVM cannot ask); without them, whether the JVM has a console.
     */
    public static Terminal detect(Map<String, String> environment) {
        String flag = environment.get("FERRY_TERMINAL");
        boolean interactive = flag != null ? flag.equals("1") : System.console() != null;
        if ("dumb".equals(environment.get("TERM"))) {
            interactive = false;
        }
        return new Terminal(interactive, columns(environment.get("COLUMNS")));
    }

    private static int columns(String value) {
        try {
            int columns = value == null ? DEFAULT_COLUMNS : Integer.parseInt(value.strip());
            return columns >= 40 ? columns : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }
}
