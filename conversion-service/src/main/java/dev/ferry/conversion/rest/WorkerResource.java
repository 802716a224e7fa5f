package dev.ferry.conversion.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.service.WorkerIdentity;

@Path("/api/v1/worker")
@Tag(name = "Worker")
public class WorkerResource {

    @Inject
    WorkerIdentity identity;

    @Inject
    ConversionConfig config;

    /**
     * What this worker is and how much it takes on.
     *
     * @param id worker name
     * @param concurrentDisks disks converted at once
     */
    public record WorkerStatus(String id, int concurrentDisks) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "This worker's identity and capacity")
    public WorkerStatus status() {
        return new WorkerStatus(identity.id(), config.concurrentDisks());
    }
}
