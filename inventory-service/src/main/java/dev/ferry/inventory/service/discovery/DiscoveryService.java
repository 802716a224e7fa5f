package dev.ferry.inventory.service.discovery;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.api.paging.Page;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.api.problem.ProblemType;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.model.DiscoveryRun;
import dev.ferry.inventory.model.Source;
import dev.ferry.inventory.service.source.SourceService;
import io.quarkus.panache.common.Sort;

/** Starts discovery runs (carried out asynchronously by {@link DiscoveryWorkers}) and reports on them. */
@ApplicationScoped
public class DiscoveryService {

    @Inject
    SourceService sources;

    @Inject
    DiscoveryRuns runs;

    @Inject
    Event<DiscoveryRequested> requested;

    /** Accepts a run of the source; a worker starts it once this transaction commits. */
    @Transactional
    public DiscoveryRun start(UUID sourceId) {
        Source source = sources.get(sourceId);
        if (source.kind == SourceKind.PHYSICAL) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "physical hosts are not discovered: they register "
                    + "themselves with ferry-agent and a registration token of this source");
        }
        if ((source.kind == SourceKind.RVTOOLS || source.kind == SourceKind.OVF) && source.path == null) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "source '" + source.name + "' has no file yet: "
                    + "upload one (POST /api/v1/sources/" + sourceId + "/uploads) or set its path");
        }
        DiscoveryRun run = runs.create(sourceId);
        requested.fire(new DiscoveryRequested(run.id));
        return run;
    }

    public DiscoveryRun get(UUID runId) {
        DiscoveryRun run = DiscoveryRun.findById(runId);
        if (run == null) {
            throw ProblemException.notFound("discovery run", runId);
        }
        return run;
    }

    /** A source's runs, newest first. */
    public Page<DiscoveryRun> list(UUID sourceId, int page, int size) {
        sources.get(sourceId);
        var query = DiscoveryRun.<DiscoveryRun> find("sourceId", Sort.by("createdAt", Sort.Direction.Descending),
                sourceId);
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }
}
