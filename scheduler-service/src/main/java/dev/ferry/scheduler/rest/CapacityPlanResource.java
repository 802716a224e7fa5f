package dev.ferry.scheduler.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.scheduler.service.planning.CapacityPlanReport;
import dev.ferry.scheduler.service.planning.CapacityPlanRequest;
import dev.ferry.scheduler.service.planning.CapacityPlanService;

@Path("/api/v1/capacity-plans")
@Tag(name = "Capacity plans")
public class CapacityPlanResource {

    @Inject
    CapacityPlanService plans;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Place an assessment's machines on target hosts", description = "Within every per-host "
            + "limit of the profile, the headroom and the vCPU:LP ratio, on as few hosts as it can; reports hosts "
            + "needed, the lower bound, utilisation per host and the machines that fit nowhere, with the reason.")
    public Response create(@NotNull @Valid CapacityPlanRequest request) {
        CapacityPlanReport report = plans.create(request);
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/capacity-plans/" + report.id())
                .entity(report).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get a capacity plan")
    public CapacityPlanReport get(@PathParam("id") UUID id) {
        return plans.get(id);
    }
}
