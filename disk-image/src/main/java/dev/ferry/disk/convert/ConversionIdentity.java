package dev.ferry.disk.convert;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.write.WriteOptions;

/**
 * What must be the same for a checkpoint to be resumed: the same source (size and fingerprint) converted to the same
 * target format with the same options.
 *
 * @param virtualSize the source's guest-visible size
 * @param sourceFingerprint the caller's identification of the source's content
 * @param format the target format
 * @param writeOptions the target options, with the subformat spelled as the writer registry spells it
 */
record ConversionIdentity(long virtualSize, String sourceFingerprint, ImageFormat format, WriteOptions writeOptions) {
}
