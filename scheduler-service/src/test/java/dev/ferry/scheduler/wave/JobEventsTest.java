package dev.ferry.scheduler.wave;

import static dev.ferry.scheduler.testing.WaveFixtures.PATIENCE;
import static dev.ferry.scheduler.testing.WaveFixtures.accepted;
import static dev.ferry.scheduler.testing.WaveFixtures.awaitJob;
import static dev.ferry.scheduler.testing.WaveFixtures.awaitWave;
import static dev.ferry.scheduler.testing.WaveFixtures.job;
import static dev.ferry.scheduler.testing.WaveFixtures.jobIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.scheduler.testing.FakeWorker;
import dev.ferry.scheduler.testing.WaveFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** How jobs follow what workers report: leases, retries, duplicates and stale updates. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class JobEventsTest {

    private static final long GIB = 1L << 30;
    private final FakeWorker worker = FakeWorker.shared();

    @Inject
    WaveFixtures fixtures;

    @Test
    void lapsedLeaseRequeuesTheJobAndTheNextAttemptResumesInTheSameFolder() {
        MachineRecord machine = fixtures.machine("lease-" + UUID.randomUUID(), "esx-lease", "ds-lease");
        UUID waveId = accepted(WaveFixtures.wave("lease-" + UUID.randomUUID(), List.of(machine), 1, null, null,
                null));
        worker.serve(waveId, request -> request.attempt() == 1 ? FakeWorker.Mode.SILENT : FakeWorker.Mode.AUTO);

        awaitWave(waveId, "COMPLETED");

        String jobId = jobIds(waveId).get(0);
        List<ConversionRequest> requests = worker.requests(waveId);
        assertThat(requests).extracting(ConversionRequest::attempt).containsExactly(1, 2);
        assertThat(requests.get(1).target()).isEqualTo(requests.get(0).target());
        List<ConversionCancel> cancels = worker.cancels(Set.of(jobId));
        assertThat(cancels).as("cancels; the worker read %s; the job is %s", worker.history(jobId),
                job(jobId).extract().asString()).hasSize(1);
        assertThat(cancels.get(0).attempt()).isEqualTo(1);
        assertThat(cancels.get(0).keepOutputs()).isTrue();
        job(jobId).body("state", equalTo("COMPLETED"))
                .body("attempts[0].outcome", equalTo("LEASE_LAPSED"))
                .body("attempts[0].workerId", equalTo("fake-worker"))
                .body("attempts[1].outcome", equalTo("COMPLETED"))
                .body("transitions.to", hasItem("QUEUED"))
                .body("transitions.find { it.to == 'QUEUED' && it.attempt == 1 }.reason",
                        containsString("lease lapsed"))
                .body("disks[0].checkpointBytes", equalTo(2L << 30))
                .body("disks[0].digest", equalTo("sha256-tree:2000"))
                .body("itinerary.status", org.hamcrest.Matchers.everyItem(equalTo("DONE")));
    }

    @Test
    void duplicateOlderAndStaleEventsChangeNothing() {
        MachineRecord machine = fixtures.machine("dup-" + UUID.randomUUID(), "esx-dup", "ds-dup");
        UUID waveId = accepted(WaveFixtures.wave("dup-" + UUID.randomUUID(), List.of(machine), 1, null, null,
                null));
        String jobId = jobIds(waveId).get(0);
        // No script: the test speaks for the worker itself.
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> job(jobId).body("state", equalTo("DISPATCHED")));
        worker.publish(EventTypes.CONVERSION_STARTED, update(jobId, 1, null, 0, Phase.VALIDATING));
        awaitJob(jobId, "CONVERTING");

        // A checkpoint, then the same event id again with other figures: the inbox drops the second.
        EventEnvelope checkpoint = worker.publish(EventTypes.CONVERSION_CHECKPOINT, update(jobId, 1, "2000", GIB,
                Phase.CONVERTING));
        worker.publish(new EventEnvelope(checkpoint.specVersion(), checkpoint.id(), checkpoint.source(),
                checkpoint.type(), checkpoint.schemaVersion(), checkpoint.subject(), checkpoint.time(),
                checkpoint.dataContentType(), EventCodec.mapper().valueToTree(update(jobId, 1, "2000", 3 * GIB,
                        Phase.CONVERTING))));
        // Progress at a time before the checkpoint's: older than what the disk shows, not applied.
        worker.publish(at(update(jobId, 1, "2000", GIB / 2, Phase.CONVERTING), checkpoint.time().minusSeconds(5)));
        // An update of an attempt the job is not at: stale, ignored.
        worker.publish(EventTypes.CONVERSION_COMPLETED, update(jobId, 7, null, 6 * GIB, Phase.DONE));
        // A later genuine event shows the ones before it were read.
        worker.publish(EventTypes.CONVERSION_PROGRESS, update(jobId, 1, "2001", GIB / 4, Phase.CONVERTING));
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> job(jobId).body("disks[1].bytesDone",
                equalTo((int) (GIB / 4))));

        job(jobId).body("state", equalTo("CONVERTING"))
                .body("attempt", equalTo(1))
                .body("disks[0].bytesDone", equalTo((int) GIB))
                .body("disks[0].checkpointBytes", equalTo((int) GIB))
                .body("transitions.size()", equalTo(3));

        // Another STARTED of the running attempt changes nothing either.
        worker.publish(EventTypes.CONVERSION_STARTED, update(jobId, 1, null, 0, Phase.VALIDATING));
        worker.publish(EventTypes.CONVERSION_FAILED, new ConversionUpdate(jobId, 1, "fake-worker", null, 0, 0, 0,
                "target full", false, null, null, Phase.DONE));
        awaitJob(jobId, "FAILED");
        job(jobId).body("transitions.to", equalTo(List.of("QUEUED", "DISPATCHED", "CONVERTING", "FAILED")))
                .body("lastError", equalTo("attempt 1 failed: worker fake-worker: target full"))
                .body("transitions[-1].reason", containsString("not retryable"))
                .body("attempts[0].outcome", equalTo("FAILED"));
    }

    private static EventEnvelope at(ConversionUpdate update, Instant time) {
        EventEnvelope envelope = EventCodec.envelope("/ferry/conversion", EventTypes.CONVERSION_PROGRESS,
                update.jobId(), update);
        return new EventEnvelope(envelope.specVersion(), envelope.id(), envelope.source(), envelope.type(),
                envelope.schemaVersion(), envelope.subject(), time, envelope.dataContentType(), envelope.data());
    }

    private static ConversionUpdate update(String jobId, int attempt, String diskKey, long done, Phase phase) {
        return new ConversionUpdate(jobId, attempt, "fake-worker", diskKey, done, diskKey == null ? 6 * GIB
                : "2000".equals(diskKey) ? 4 * GIB : 2 * GIB, 100, null, false, null, null, phase);
    }
}
