package dev.ferry.scheduler.service.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ferry.scheduler.service.admission.AdmissionPlanner.Limits;
import dev.ferry.scheduler.service.admission.AdmissionPlanner.Load;
import dev.ferry.scheduler.service.admission.AdmissionPlanner.WaveQueue;

class AdmissionPlannerTest {

    private static final UUID WAVE_A = UUID.randomUUID();
    private static final UUID WAVE_B = UUID.randomUUID();

    @Test
    void admitsUpToTheWavesLimitCountingWhatIsInFlight() {
        List<Load> inFlight = List.of(load(WAVE_A, "esx1", "ds1", null));
        List<Load> admitted = AdmissionPlanner.admit(100, inFlight, List.of(queue(WAVE_A,
                new Limits(3, null, null, null), 5, "esx1", "ds1", null)));

        assertThat(admitted).hasSize(2);
    }

    @Test
    void globalLimitHoldsOverAllWaves() {
        List<Load> admitted = AdmissionPlanner.admit(5, List.of(load(WAVE_B, null, null, null)), List.of(
                queue(WAVE_A, new Limits(10, null, null, null), 10, null, null, null),
                queue(WAVE_B, new Limits(10, null, null, null), 10, null, null, null)));

        assertThat(admitted).hasSize(4);
    }

    @Test
    void wavesTakeTurnsSoNoneStarves() {
        List<Load> admitted = AdmissionPlanner.admit(6, List.of(), List.of(
                queue(WAVE_A, new Limits(10, null, null, null), 100, null, null, null),
                queue(WAVE_B, new Limits(10, null, null, null), 2, null, null, null)));

        assertThat(admitted).extracting(Load::waveId).containsExactly(WAVE_A, WAVE_B, WAVE_A, WAVE_B, WAVE_A,
                WAVE_A);
    }

    @Test
    void jobHeldBackByAHostLimitDoesNotHoldBackTheJobsBehindIt() {
        List<Load> queued = List.of(load(WAVE_A, "busy", "ds1", null), load(WAVE_A, "busy", "ds2", null),
                load(WAVE_A, "idle", "ds3", null));
        List<Load> inFlight = List.of(load(WAVE_B, "busy", "ds9", null));

        List<Load> admitted = AdmissionPlanner.admit(100, inFlight, List.of(new WaveQueue(WAVE_A,
                new Limits(10, 1, null, null), queued)));

        assertThat(admitted).containsExactly(queued.get(2));
    }

    @Test
    void aJobOnSeveralDatastoresCountsOnEach() {
        Load both = new Load(UUID.randomUUID(), WAVE_A, null, List.of("ds1", "ds2"), null);
        Load second = new Load(UUID.randomUUID(), WAVE_A, null, List.of("ds2"), null);
        Load third = new Load(UUID.randomUUID(), WAVE_A, null, List.of("ds3"), null);

        List<Load> admitted = AdmissionPlanner.admit(100, List.of(), List.of(new WaveQueue(WAVE_A,
                new Limits(10, null, 1, null), List.of(both, second, third))));

        assertThat(admitted).containsExactly(both, third);
    }

    @Test
    void targetHostLimitCountsEveryWavesJobsOnTheHost() {
        List<Load> admitted = AdmissionPlanner.admit(100, List.of(load(WAVE_B, null, null, "hv1")), List.of(
                new WaveQueue(WAVE_A, new Limits(10, null, null, 2), List.of(load(WAVE_A, null, null, "hv1"),
                        load(WAVE_A, null, null, "hv1"), load(WAVE_A, null, null, "hv2")))));

        assertThat(admitted).extracting(Load::targetHost).containsExactly("hv1", "hv2");
    }

    @Test
    void nothingIsAdmittedWhenEveryLimitIsReached() {
        List<Load> inFlight = List.of(load(WAVE_A, "esx1", "ds1", "hv1"), load(WAVE_A, "esx1", "ds1", "hv1"));

        assertThat(AdmissionPlanner.admit(2, inFlight, List.of(queue(WAVE_A, new Limits(5, null, null, null), 3,
                null, null, null)))).isEmpty();
        assertThat(AdmissionPlanner.admit(10, inFlight, List.of(queue(WAVE_A, new Limits(2, null, null, null), 3,
                null, null, null)))).isEmpty();
    }

    private static WaveQueue queue(UUID wave, Limits limits, int jobs, String sourceHost, String datastore,
            String targetHost) {
        List<Load> queued = new ArrayList<>();
        for (int index = 0; index < jobs; index++) {
            queued.add(load(wave, sourceHost, datastore, targetHost));
        }
        return new WaveQueue(wave, limits, queued);
    }

    private static Load load(UUID wave, String sourceHost, String datastore, String targetHost) {
        return new Load(UUID.randomUUID(), wave, sourceHost, datastore == null ? List.of() : List.of(datastore),
                targetHost);
    }
}
