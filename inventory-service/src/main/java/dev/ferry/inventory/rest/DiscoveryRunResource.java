package dev.ferry.inventory.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.inventory.service.discovery.DiscoveryService;

/** One discovery run, whatever its source. */
@Path("/api/v1/discoveries")
@Tag(name = "Discovery")
public class DiscoveryRunResource {

    @Inject
    DiscoveryService discoveries;

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "A discovery run", description = "State (PENDING, RUNNING, SUCCEEDED, FAILED), counts "
            + "(found, new, changed, gone), the failure reason and per-item errors.")
    public DiscoveryRunResponse get(@PathParam("id") UUID runId) {
        return DiscoveryRunResponse.of(discoveries.get(runId));
    }
}
