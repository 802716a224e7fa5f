package dev.ferry.disk.cli;

import java.io.Closeable;
import java.io.IOException;

import dev.ferry.disk.source.ByteSource;

/**
 * The bytes behind a source argument and what identifies their content, so that a conversion resumes only against
 * the same source.
 *
 * @param bytes the opened bytes; closing this closes them
 * @param fingerprint identifies the content's version (a file's path, size and modification time)
 */
record OpenedSource(ByteSource bytes, String fingerprint) implements Closeable {

    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
