package dev.ferry.events.conversion;

/**
 * A converted disk.
 *
 * @param diskKey the source disk's key
 * @param fileName the target image's file name in the target folder
 * @param format the target image's format
 * @param virtualSize guest-visible size in bytes
 * @param fileSize bytes the image occupies
 * @param digest digest of the guest-visible content (sha256-tree), equal for source and target
 */
public record DiskResult(String diskKey, String fileName, String format, long virtualSize, long fileSize,
        String digest) {
}
