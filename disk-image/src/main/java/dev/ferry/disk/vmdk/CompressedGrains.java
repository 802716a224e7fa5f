package dev.ferry.disk.vmdk;

/**
 * The payload of an encoded streamOptimized chunk: the non-zero grains of the chunk, each as the record the file
 * stores. All-zero grains are left out, so they are never written.
 *
 * @param grains guest grain numbers, ascending
 * @param records the grains' records, sector-padded, in the same order
 */
record CompressedGrains(long[] grains, byte[][] records) {
}
