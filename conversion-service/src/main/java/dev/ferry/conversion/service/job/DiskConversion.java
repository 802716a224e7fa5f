package dev.ferry.conversion.service.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.messaging.ProgressSender;
import dev.ferry.conversion.model.ConvertedDisk;
import dev.ferry.conversion.service.WorkerIdentity;
import dev.ferry.conversion.service.WorkerThrottle;
import dev.ferry.conversion.service.claim.AttemptClaims;
import dev.ferry.conversion.service.source.DiskSources;
import dev.ferry.conversion.service.source.OpenedSource;
import dev.ferry.conversion.service.source.SourceCredentials;
import dev.ferry.conversion.service.target.JobOutputs;
import dev.ferry.conversion.service.target.StorageRoots;
import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.convert.ConversionOptions;
import dev.ferry.disk.convert.ConversionResult;
import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.disk.convert.TreeDigest;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.events.plan.DiskPlan;

/**
 * Converts one planned disk: opens its source, converts it with the disk engine under an unverified name (resuming
 * a checkpoint of the same source), reads the target back and compares its digest with the source stream's, records
 * the verified disk, and only then gives it its planned name. A disk a previous attempt of the job already finished
 * is not converted again. Its events report the conversion, then the read-back (phase VERIFYING), then the verified
 * disk.
 */
@ApplicationScoped
public class DiskConversion {

    @Inject
    DiskSources sources;

    @Inject
    AttemptClaims claims;

    @Inject
    ConversionConfig config;

    @Inject
    WorkerThrottle throttle;

    @Inject
    ProgressSender sender;

    @Inject
    Heartbeats heartbeats;

    @Inject
    WorkerIdentity identity;

    /**
     * Converts and verifies {@code disk} into {@code folder}.
     *
     * @param finished the job's disks already converted and verified, by disk key
     */
    public DiskResult convert(RunningJob job, DiskPlan disk, Path folder, Map<String, SourceCredentials> credentials,
            Map<String, ConvertedDisk> finished) throws IOException {
        String fileName = StorageRoots.plainFileName(disk.fileName());
        ImageFormat format = format(disk);
        Path target = folder.resolve(fileName);
        Path unverified = JobOutputs.unverified(target);
        DiskResult earlier = alreadyConverted(finished.get(disk.diskKey()), target, unverified);
        if (earlier != null) {
            job.update(disk.diskKey(), Phase.DONE, earlier.virtualSize(), earlier.virtualSize(), 0);
            return earlier;
        }
        if (Files.exists(target)) {
            throw new RequestRefusedException("target file " + target + " exists already and is not a disk this job "
                    + "converted; Ferry does not overwrite it");
        }
        // A finished but unrecorded conversion cannot be trusted without its source digest: convert it again.
        Files.deleteIfExists(unverified);
        job.phase(disk.diskKey(), Phase.CONVERTING);
        DiskEvents events = new DiskEvents(job, disk.diskKey(), identity.id(), sender, heartbeats,
                config.progressInterval());
        try (OpenedSource source = sources.open(disk, credentials)) {
            ConversionResult result = new ImageConverter(conversionOptions(job, disk, format, source, events))
                    .convert(source.image(), unverified);
            if (job.request().verify()) {
                verify(job, disk, unverified, result, source.description(), events);
            }
            DiskResult converted = new DiskResult(disk.diskKey(), fileName, format.displayName(), result.virtualSize(),
                    result.targetFileSize(), result.digest(), result.resumedFrom(), result.bytesRead());
            claims.recordDisk(job.jobId(), job.attempt(), converted);
            publish(unverified, target);
            events.verified(result.virtualSize());
            return converted;
        }
    }

    private static DiskResult alreadyConverted(ConvertedDisk record, Path target, Path unverified)
            throws IOException {
        if (record == null) {
            return null;
        }
        if (Files.isRegularFile(target) && Files.size(target) == record.fileSize) {
            return record.toResult();
        }
        if (Files.isRegularFile(unverified) && Files.size(unverified) == record.fileSize) {
            // Verified and recorded, but the worker stopped before the rename.
            publish(unverified, target);
            return record.toResult();
        }
        return null;
    }

    private ConversionOptions conversionOptions(RunningJob job, DiskPlan disk, ImageFormat format,
            OpenedSource source, DiskEvents events) {
        return options(job)
                .targetFormat(format)
                .writeOptions(WriteOptions.subformat(disk.targetSubformat()))
                .sourceFingerprint(source.fingerprint())
                .digest(true)
                .checkpointEvery(config.checkpointIntervalBytes(), config.checkpointInterval())
                // Reports twice per event interval keep the API current; DiskEvents sends at most one per interval.
                .progressInterval(config.progressInterval().dividedBy(2))
                .listener(events)
                .throttle(throttle.throttle())
                .build();
    }

    private void verify(RunningJob job, DiskPlan disk, Path unverified, ConversionResult result, String source,
            DiskEvents events) throws IOException {
        events.verifying(result.virtualSize());
        String readBack;
        try (DiskImage written = DiskImages.open(unverified)) {
            readBack = TreeDigest.of(written, options(job)
                    .progressInterval(config.progressInterval().dividedBy(2)).listener(events).build());
        }
        if (!readBack.equals(result.digest())) {
            Files.deleteIfExists(unverified);
            throw new VerificationException("disk " + disk.diskKey() + ": the converted image reads back as "
                    + TreeDigest.ALGORITHM + " " + readBack + " but " + source + " streamed " + result.digest()
                    + "; the target was removed");
        }
    }

    private ConversionOptions.Builder options(RunningJob job) {
        return ConversionOptions.builder()
                .threads(config.threadsPerDisk().orElse(Runtime.getRuntime().availableProcessors()))
                .cancellation(job.token());
    }

    private static ImageFormat format(DiskPlan disk) throws RequestRefusedException {
        try {
            return ImageFormat.parse(disk.targetFormat() == null ? "" : disk.targetFormat());
        } catch (IllegalArgumentException e) {
            throw new RequestRefusedException("disk " + disk.diskKey() + ": " + e.getMessage());
        }
    }

    private static void publish(Path unverified, Path target) throws IOException {
        Files.move(unverified, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
