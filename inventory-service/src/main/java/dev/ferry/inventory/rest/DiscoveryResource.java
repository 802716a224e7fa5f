package dev.ferry.inventory.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.paging.Page;
import dev.ferry.api.paging.PageRequest;
import dev.ferry.api.security.Roles;
import dev.ferry.inventory.service.discovery.DiscoveryService;

/** Discovery runs of one source: start one, list them. */
@Path("/api/v1/sources/{id}/discoveries")
@Tag(name = "Discovery")
public class DiscoveryResource {

    @Inject
    DiscoveryService discoveries;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Discover a source's machines", description = "Starts a run and answers 202 at once; "
            + "follow it at the Location. One run per source at a time (409 otherwise).")
    public Response start(@PathParam("id") UUID sourceId) {
        DiscoveryRunResponse run = DiscoveryRunResponse.of(discoveries.start(sourceId));
        return Response.accepted(run).header("Location", "/api/v1/discoveries/" + run.id()).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "A source's discovery runs", description = "Newest first.")
    public Page<DiscoveryRunResponse> list(@PathParam("id") UUID sourceId, @BeanParam @Valid PageRequest paging) {
        return discoveries.list(sourceId, paging.page, paging.size).map(DiscoveryRunResponse::of);
    }
}
