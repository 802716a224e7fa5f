package dev.ferry.inventory.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.paging.Page;
import dev.ferry.api.paging.PageRequest;
import dev.ferry.api.security.Roles;
import dev.ferry.inventory.service.discovery.DiscoveredHost;
import dev.ferry.inventory.service.source.SourceDefinition;
import dev.ferry.inventory.service.source.SourceHostService;
import dev.ferry.inventory.service.source.SourceService;

@Path("/api/v1/sources")
@Tag(name = "Sources")
public class SourceResource {

    @Inject
    SourceService sources;

    @Inject
    SourceHostService hosts;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a source", description = "VSPHERE (url, username, password or passwordSecret, "
            + "optional certificateThumbprint), RVTOOLS or OVF (path under the storage root, or upload a file "
            + "later), PHYSICAL (hosts register with ferry-agent). Passwords are write-only.")
    public Response create(@NotNull @Valid SourceDefinition definition) {
        SourceResponse created = SourceResponse.of(sources.create(definition));
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/sources/" + created.id())
                .entity(created).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List sources", description = "Sorted by name.")
    public Page<SourceResponse> list(@BeanParam @Valid PageRequest paging) {
        return sources.list(paging.page, paging.size).map(SourceResponse::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get a source")
    public SourceResponse get(@PathParam("id") UUID id) {
        return SourceResponse.of(sources.get(id));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a source", description = "Replaces its definition; the kind cannot change. Omit "
            + "password (and passwordSecret) to keep the stored one.")
    public SourceResponse update(@PathParam("id") UUID id, @NotNull @Valid SourceDefinition definition) {
        return SourceResponse.of(sources.update(id, definition));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a source", description = "With its machines (consumers are told they are gone), "
            + "discovery runs, registration tokens and uploads.")
    public Response delete(@PathParam("id") UUID id) {
        sources.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/hosts")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The source's hypervisor hosts", description = "As its last successful discovery found "
            + "them (vSphere hosts, RVTools vHost): for sizing target hosts.")
    public List<DiscoveredHost> hosts(@PathParam("id") UUID id) {
        sources.get(id);
        return hosts.list(id);
    }
}
