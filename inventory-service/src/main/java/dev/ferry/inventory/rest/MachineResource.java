package dev.ferry.inventory.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.paging.Page;
import dev.ferry.api.paging.PageRequest;
import dev.ferry.api.security.Roles;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.PowerState;
import dev.ferry.inventory.service.MachineFilter;
import dev.ferry.inventory.service.MachineService;
import dev.ferry.inventory.service.MachineSort;

@Path("/api/v1/machines")
@Tag(name = "Machines")
public class MachineResource {

    @Inject
    MachineService machines;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List machines", description = "Filters combine with AND. sort is a field (name, cpus, "
            + "memoryBytes, diskBytes, powerState, osFamily, firmware, firstSeen, lastSeen), '-' first for "
            + "descending; by name when absent.")
    public Page<MachineRecord> list(@BeanParam @Valid PageRequest paging,
            @QueryParam("source") UUID source,
            @QueryParam("name") String nameContains,
            @QueryParam("osFamily") OsFamily osFamily,
            @QueryParam("powerState") PowerState powerState,
            @QueryParam("firmware") Firmware.Type firmware,
            @QueryParam("includeGone") boolean includeGone,
            @QueryParam("sort") String sort) {
        MachineFilter filter = new MachineFilter(source, nameContains, osFamily, powerState, firmware, includeGone);
        return machines.list(filter, MachineSort.parse(sort), paging.page, paging.size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get a machine with its full hardware")
    public MachineRecord get(@PathParam("id") UUID id) {
        return machines.get(id);
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Add a machine by hand", description = "For machines no source can discover.")
    public Response create(@NotNull @Valid ManualMachineRequest request) {
        MachineRecord created = machines.create(request.toRecord());
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/v1/machines/" + created.id())
                .entity(created)
                .build();
    }
}
