package dev.ferry.disk;

import java.io.IOException;

/**
 * An image's content breaks its format's rules: the message names the format, the file offset and the problem, so a
 * person can tell a corrupt image from a bug. Never thrown for I/O failures of the medium itself.
 */
public class ImageFormatException extends IOException {

    private final long fileOffset;

    public ImageFormatException(String format, long fileOffset, String problem) {
        super(format + ": " + problem + " (at file offset " + fileOffset + ", 0x" + Long.toHexString(fileOffset) + ")");
        this.fileOffset = fileOffset;
    }

    /** For problems that are not tied to one place, such as an unsupported feature bit in a header. */
    public ImageFormatException(String format, String problem) {
        super(format + ": " + problem);
        this.fileOffset = -1;
    }

    public ImageFormatException(String format, long fileOffset, String problem, Throwable cause) {
        this(format, fileOffset, problem);
        initCause(cause);
    }

    /** The offset in the image file where the problem was found, or -1 when it is not tied to one place. */
    public long fileOffset() {
        return fileOffset;
    }
}
