/**
 * The conversion engine: streams any {@link dev.ferry.disk.DiskImage} into a new image file with bounded memory,
 * parallel decode/encode, zero skipping, checkpoints and a content digest.
 *
 * <p>
 * Entry points:
 * <ul>
 * <li>{@link dev.ferry.disk.convert.ImageConverter#convert} converts (and resumes) a conversion, configured by
 * {@link dev.ferry.disk.convert.ConversionOptions} and returning a {@link dev.ferry.disk.convert.ConversionResult};
 * progress, checkpoints and resumption are reported to a {@link dev.ferry.disk.convert.ConversionListener}, a
 * {@link dev.ferry.disk.convert.CancellationToken} stops it and a {@link dev.ferry.disk.convert.Throttle} caps its read
 * rate.</li>
 * <li>{@link dev.ferry.disk.convert.TreeDigest#of} computes the format-independent digest of any image, the same value
 * a conversion with {@code digest(true)} reports for its source.</li>
 * </ul>
 *
 * <pre>{@code
 * ConversionOptions options = ConversionOptions.builder()
 *         .targetFormat(ImageFormat.VHDX)
 *         .writeOptions(WriteOptions.subformat("dynamic"))
 *         .sourceFingerprint(snapshotId)
 *         .digest(true)
 *         .listener(progressPublisher)
 *         .build();
 * try (DiskImage source = DiskImages.open(byteSource)) {
 *     ConversionResult result = new ImageConverter(options).convert(source, Path.of("/targets/disk0.vhdx"));
 * }
 * }</pre>
 */
package dev.ferry.disk.convert;
