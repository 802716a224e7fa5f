package dev.ferry.disk.write;

/**
 * A chunk of guest data ready for {@link DiskImageWriter#commit}. {@code payload} is format-specific: the guest
 * bytes themselves for uncompressed formats, compressed grains for a streamOptimized VMDK.
 *
 * @param offset guest offset of the chunk
 * @param length guest bytes the chunk covers
 * @param payload what commit writes; owned by the chunk until committed
 */
public record EncodedChunk(long offset, int length, Object payload) {
}
