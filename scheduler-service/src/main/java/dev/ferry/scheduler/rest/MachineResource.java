package dev.ferry.scheduler.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.service.MachineCatalog;

@Path("/api/v1/machines")
@Tag(name = "Machines")
public class MachineResource {

    @Inject
    MachineCatalog catalog;

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The machine record the scheduler plans with", description = "As the inventory last published it.")
    public MachineRecord get(@PathParam("id") UUID id) {
        return catalog.get(id);
    }
}
