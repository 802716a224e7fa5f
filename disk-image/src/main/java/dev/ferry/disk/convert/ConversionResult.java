package dev.ferry.disk.convert;

import java.time.Duration;

/**
 * What a finished conversion did. In a resumed conversion the byte counts cover this run only; {@code bytesRead +
 * zeroBytesSkipped} is always the part of the disk this run covered, {@code virtualSize - resumedFrom}.
 *
 * @param virtualSize the disk's guest-visible size
 * @param resumedFrom guest offset this run continued from (0 for a fresh conversion)
 * @param bytesRead bytes read from the source
 * @param bytesWritten guest bytes committed to the target (zero units are never written)
 * @param zeroBytesSkipped guest bytes never read because the source reported them as zero
 * @param targetFileSize size of the finished target file
 * @param duration how long this run took
 * @param digest the {@link TreeDigest} of the content as 64 hex digits, or null when not asked for
 */
public record ConversionResult(
        long virtualSize,
        long resumedFrom,
        long bytesRead,
        long bytesWritten,
        long zeroBytesSkipped,
        long targetFileSize,
        Duration duration,
        String digest) {
}
