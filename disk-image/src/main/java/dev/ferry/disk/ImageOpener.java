package dev.ferry.disk;

import java.io.IOException;

import dev.ferry.disk.source.ByteSource;

/** Opens an image referenced by another (a backing file, a differencing disk's parent, a descriptor's extent). */
public interface ImageOpener {

    /**
     * Opens {@code relativeName} next to {@code referrer}, detecting its format from content. Refuses chains deeper
     * than {@link DiskImages#MAX_CHAIN_DEPTH} and chains that loop.
     */
    DiskImage openRelated(ByteSource referrer, String relativeName) throws IOException;
}
