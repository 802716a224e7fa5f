package dev.ferry.disk.vmdk;

import java.nio.ByteBuffer;

/**
 * The payload of a chunk encoded by a VMDK writer: the chunk's non-zero grains, each as the bytes the file stores for
 * it (a compressed record with its marker, or the grain itself). All-zero grains are left out, so they are never
 * written.
 *
 * @param grains grain numbers, ascending
 * @param records what the file stores for each grain, in the same order
 */
record EncodedGrains(long[] grains, ByteBuffer[] records) {
}
