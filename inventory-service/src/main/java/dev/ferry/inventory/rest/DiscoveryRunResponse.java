package dev.ferry.inventory.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.ferry.inventory.model.DiscoveryItemError;
import dev.ferry.inventory.model.DiscoveryRun;
import dev.ferry.inventory.model.DiscoveryState;

/**
 * A discovery run as the API shows it.
 *
 * @param failure why the run failed (state FAILED)
 * @param errors items the run could not take in while it read the rest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiscoveryRunResponse(UUID id, UUID sourceId, DiscoveryState state, Instant createdAt,
        Instant startedAt, Instant finishedAt, Counts counts, String failure, List<DiscoveryItemError> errors) {

    static DiscoveryRunResponse of(DiscoveryRun run) {
        return new DiscoveryRunResponse(run.id, run.sourceId, run.state, run.createdAt, run.startedAt,
                run.finishedAt, new Counts(run.found, run.newCount, run.changed, run.gone), run.failure,
                run.itemErrors());
    }

    /**
     * What the run found.
     *
     * @param found machines in the source
     * @param created machines new to the inventory (or back after being gone)
     * @param changed known machines whose facts changed
     * @param gone machines no longer in the source
     */
    public record Counts(int found, @JsonProperty("new") int created, int changed, int gone) {
    }
}
