package dev.ferry.cli.output;

/** How a command prints what it got: tables and words for people, or the API's JSON for scripts. */
public enum OutputFormat {
    TABLE,
    JSON
}
