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
 * @param resumedFrom guest offset the last run of this disk continued from after an interruption (0 when it ran
 *        from the start)
 * @param bytesRead bytes the last run read from the source (zero ranges the source reports are not read)
 */
public record DiskResult(String diskKey, String fileName, String format, long virtualSize, long fileSize,
        String digest, long resumedFrom, long bytesRead) {

    /** A result without resume figures. */
    public DiskResult(String diskKey, String fileName, String format, long virtualSize, long fileSize,
            String digest) {
        this(diskKey, fileName, format, virtualSize, fileSize, digest, 0, 0);
    }
}
