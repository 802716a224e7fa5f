package dev.ferry.disk.convert;

import java.io.IOException;

import dev.ferry.disk.DiskImage;

/** Computes a {@link TreeDigest} of a whole image through the pipeline, without a writer. */
final class ImageDigester implements ChunkPipeline.Sink {

    private final DiskImage image;
    private final ConversionOptions options;
    private final TreeDigest digest;
    private final ProgressTracker progress;
    private long bytesRead;

    ImageDigester(DiskImage image, ConversionOptions options) {
        this.image = image;
        this.options = options;
        this.digest = new TreeDigest(image.virtualSize());
        this.progress = new ProgressTracker(options.listener(), options.progressInterval(), image.virtualSize(), 0);
    }

    String digest() throws IOException {
        ChunkPipeline.forDigest(image, options).run(0, this);
        progress.finish(image.virtualSize(), bytesRead, 0);
        return digest.hex();
    }

    @Override
    public void accept(ProcessedChunk chunk) {
        digest.add(chunk);
        bytesRead += chunk.bytesRead();
        progress.update(chunk.range().end(), bytesRead, 0);
    }
}
