package dev.ferry.disk.convert;

/**
 * Hears how a conversion (or a digest computation) goes. Called on the one thread that commits, so a slow listener
 * slows the conversion; a listener may cancel the conversion through its token.
 */
public interface ConversionListener {

    /** Called at most once per progress interval, and once more when everything is committed. */
    default void progress(ConversionProgress progress) {
    }

    /** A conversion continues a partial target from a checkpoint instead of starting over. */
    default void resumed(long fromOffset) {
    }

    /** A checkpoint was written: everything before {@code committedOffset} survives a crash. */
    default void checkpointed(long committedOffset) {
    }

    static ConversionListener none() {
        return new ConversionListener() {
        };
    }
}
