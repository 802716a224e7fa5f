package dev.ferry.scheduler.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.paging.Page;
import dev.ferry.api.paging.PageRequest;
import dev.ferry.api.security.Roles;
import dev.ferry.scheduler.service.job.JobDetail;
import dev.ferry.scheduler.service.job.JobService;
import dev.ferry.scheduler.service.job.JobState;
import dev.ferry.scheduler.service.job.JobSummary;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/v1/jobs")
@Tag(name = "Jobs")
public class JobResource {

    @Inject
    JobService jobs;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List jobs", description = "In wave order; filter by wave and state.")
    public Page<JobSummary> list(@BeanParam @Valid PageRequest paging, @QueryParam("wave") UUID wave,
            @QueryParam("state") JobState state) {
        return jobs.list(wave, state, paging.page, paging.size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get a job", description = "Its itinerary with per-step status and times, per-disk "
            + "progress, attempts with their errors, and every state it went through.")
    public JobDetail get(@PathParam("id") UUID id) {
        return jobs.get(id);
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Retry a failed or cancelled job", description = "With a fresh retry budget; a finished wave "
            + "runs again for it. 409 for a job that completed, is blocked or has not finished.")
    public JobDetail retry(@PathParam("id") UUID id) {
        return jobs.retry(id, identity.getPrincipal().getName());
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Cancel a job", description = "At once when no worker holds it, else by a cancel to its "
            + "worker (the job is CANCELLING until the worker confirms). 409 for a job that has finished.")
    public JobDetail cancel(@PathParam("id") UUID id) {
        return jobs.cancel(id, identity.getPrincipal().getName());
    }
}
