package dev.ferry.disk.cli;

/** What ferry-disk's exit status means, for scripts. */
final class ExitCode {

    /** Done; the image is fine. */
    static final int OK = 0;
    /** The image is invalid or corrupt (the message names the problem and the file offset), or does not verify. */
    static final int INVALID_IMAGE = 1;
    /** Wrong arguments: unknown option, missing file, target exists, format that cannot be written. */
    static final int USAGE = 2;
    /** Reading or writing failed for another reason (I/O error, no space). */
    static final int FAILURE = 3;
    /** Interrupted; a conversion left a checkpoint (unless --no-sync), so the same command resumes it. */
    static final int CANCELLED = 130;

    private ExitCode() {
    }
}
