package dev.ferry.cli;

/** The exit codes of every ferry command, as scripts rely on them. */
public final class ExitCodes {

    /** It worked (a wave that was watched completed). */
    public static final int OK = 0;
    /** A service refused or failed the request (4xx, 5xx), or what was followed failed (a discovery, a wave). */
    public static final int FAILED = 1;
    /** The command line was wrong: unknown option, missing argument, a value that makes no sense. */
    public static final int USAGE = 2;
    /** A service could not be reached at all. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
