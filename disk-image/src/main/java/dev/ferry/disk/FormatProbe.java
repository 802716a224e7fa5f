package dev.ferry.disk;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.source.ByteSource;

/** Recognises one image format from its content and opens it. */
public interface FormatProbe {

    /** The format this probe recognises. */
    ImageFormat format();

    /**
     * Says whether the content is of this format.
     *
     * @param head the first bytes of the file (up to 64 KiB; fewer for small files), read-only
     * @param tail the last bytes of the file (up to 512), read-only
     * @param size file size in bytes
     */
    boolean matches(ByteBuffer head, ByteBuffer tail, long size);

    /** Opens the image; {@code opener} opens backing or parent images in the same way, with cycle and depth checks. */
    DiskImage open(ByteSource source, ImageOpener opener) throws IOException;
}
