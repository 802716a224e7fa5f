package dev.ferry.conversion.service.source;

import java.io.IOException;

import dev.ferry.disk.DiskImage;

/**
 * A source disk opened for conversion.
 *
 * @param image the disk as the guest sees it, its format detected from its content
 * @param fingerprint what identifies this source's content, so that a resume continues only the same conversion
 * @param description where it is read from, for messages (no credentials)
 */
public record OpenedSource(DiskImage image, String fingerprint, String description) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        image.close();
    }
}
