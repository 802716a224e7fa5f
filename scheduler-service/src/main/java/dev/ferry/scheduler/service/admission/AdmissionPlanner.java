package dev.ferry.scheduler.service.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides which queued jobs to dispatch now so that no limit is ever exceeded: the global limit, each wave's limit of
 * jobs in flight, and per source host, per datastore and per target host the limit of the wave admitting (counting the
 * jobs in flight of every wave on that host or datastore). Waves take turns, one job each per turn, starting with the
 * wave admitted from longest ago, so a large wave cannot starve a small one. A job held back by a host or datastore
 * limit does not hold back the jobs behind it. Pure logic, no I/O.
 */
public final class AdmissionPlanner {

    private AdmissionPlanner() {
    }

    /**
     * A wave's limits of jobs in flight.
     *
     * @param jobs of the wave
     * @param perSourceHost on one source host (of any wave), or null for none
     * @param perDatastore on one datastore (of any wave), or null for none
     * @param perTargetHost on one target host (of any wave), or null for none
     */
    public record Limits(int jobs, Integer perSourceHost, Integer perDatastore, Integer perTargetHost) {
    }

    /**
     * What a job takes while in flight.
     *
     * @param jobId the job
     * @param waveId its wave
     * @param sourceHost its source host, or null when unknown
     * @param datastores its source datastores
     * @param targetHost its target host, or null when not placed
     */
    public record Load(UUID jobId, UUID waveId, String sourceHost, List<String> datastores, String targetHost) {

        public Load {
            datastores = datastores == null ? List.of() : List.copyOf(datastores);
        }
    }

    /**
     * A running wave's queued jobs that are due, in dispatch order.
     *
     * @param waveId the wave
     * @param limits its limits
     * @param queued its due jobs, in order
     */
    public record WaveQueue(UUID waveId, Limits limits, List<Load> queued) {
    }

    /**
     * The jobs to dispatch, in the order chosen.
     *
     * @param globalLimit jobs in flight over all waves at most
     * @param inFlight the jobs in flight now
     * @param waves the running waves, the one to go first first
     */
    public static List<Load> admit(int globalLimit, List<Load> inFlight, List<WaveQueue> waves) {
        Counts counts = new Counts();
        inFlight.forEach(counts::add);
        List<Load> admitted = new ArrayList<>();
        LinkedList<Turn> turns = new LinkedList<>();
        waves.forEach(wave -> turns.add(new Turn(wave)));
        while (!turns.isEmpty() && counts.total < globalLimit) {
            Turn turn = turns.removeFirst();
            Load next = turn.next(counts);
            if (next != null) {
                counts.add(next);
                admitted.add(next);
                turns.addLast(turn);
            }
        }
        return admitted;
    }

    /** One wave's place in the rotation: how far through its queue admission has looked. */
    private static final class Turn {

        private final WaveQueue wave;
        private int position;

        Turn(WaveQueue wave) {
            this.wave = wave;
        }

        /** The wave's next job that fits every limit now, or null when none does. */
        Load next(Counts counts) {
            if (counts.ofWave(wave.waveId()) >= wave.limits().jobs()) {
                return null;
            }
            while (position < wave.queued().size()) {
                Load candidate = wave.queued().get(position++);
                if (counts.fits(candidate, wave.limits())) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /** Jobs in flight per wave, source host, datastore and target host. */
    private static final class Counts {

        private final Map<UUID, Integer> waves = new HashMap<>();
        private final Map<String, Integer> sourceHosts = new HashMap<>();
        private final Map<String, Integer> datastores = new HashMap<>();
        private final Map<String, Integer> targetHosts = new HashMap<>();
        private int total;

        void add(Load load) {
            total++;
            waves.merge(load.waveId(), 1, Integer::sum);
            if (load.sourceHost() != null) {
                sourceHosts.merge(load.sourceHost(), 1, Integer::sum);
            }
            load.datastores().forEach(datastore -> datastores.merge(datastore, 1, Integer::sum));
            if (load.targetHost() != null) {
                targetHosts.merge(load.targetHost(), 1, Integer::sum);
            }
        }

        int ofWave(UUID waveId) {
            return waves.getOrDefault(waveId, 0);
        }

        boolean fits(Load load, Limits limits) {
            if (!below(sourceHosts, load.sourceHost(), limits.perSourceHost())
                    || !below(targetHosts, load.targetHost(), limits.perTargetHost())) {
                return false;
            }
            return load.datastores().stream().allMatch(datastore -> below(datastores, datastore,
                    limits.perDatastore()));
        }

        private static boolean below(Map<String, Integer> counts, String key, Integer limit) {
            return key == null || limit == null || counts.getOrDefault(key, 0) < limit;
        }
    }
}
