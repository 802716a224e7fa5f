package dev.ferry.disk.convert;

import java.io.IOException;

/** A conversion stopped because its {@link CancellationToken} was cancelled; the target was not finished. */
public class ConversionCancelledException extends IOException {

    private final long committedOffset;

    public ConversionCancelledException(long committedOffset) {
        super("conversion cancelled after " + committedOffset + " guest bytes");
        this.committedOffset = committedOffset;
    }

    /** Guest offset up to which everything had been committed; a rerun resumes from the checkpoint at this point. */
    public long committedOffset() {
        return committedOffset;
    }
}
