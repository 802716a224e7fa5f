package dev.ferry.scheduler.rest;

import java.time.Duration;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.paging.Page;
import dev.ferry.api.paging.PageRequest;
import dev.ferry.api.security.Roles;
import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.messaging.MessagingConfig;
import dev.ferry.scheduler.service.wave.LiveWaveEvents;
import dev.ferry.scheduler.service.wave.WaveFigures;
import dev.ferry.scheduler.service.wave.WavePlan;
import dev.ferry.scheduler.service.wave.WaveRequest;
import dev.ferry.scheduler.service.wave.WaveService;
import dev.ferry.scheduler.service.wave.WaveState;
import dev.ferry.scheduler.service.wave.WaveStatus;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

@Path("/api/v1/waves")
@Tag(name = "Waves")
public class WaveResource {

    /** A comment line this often keeps proxies from closing a quiet event stream. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    @Inject
    WaveService waves;

    @Inject
    WaveFigures figures;

    @Inject
    LiveWaveEvents live;

    @Inject
    MessagingConfig messaging;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Submit a wave", description = "Assesses the machines against the profile, places them on "
            + "the target hosts given, plans each machine's conversion and dispatch order. With dryRun the plan is "
            + "returned and nothing is stored. Machines with blockers (or that fit no target host) are refused with the "
            + "reasons (422) unless skipBlocked is set. The wave starts at once, waits for its window (SCHEDULED), or "
            + "with hold waits for POST /{id}/resume.")
    public Response submit(@NotNull @Valid WaveRequest request) {
        WavePlan plan = waves.submit(request, actor());
        if (plan.dryRun()) {
            return Response.ok(plan).build();
        }
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/waves/" + plan.waveId())
                .entity(plan).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List waves", description = "Newest first, each with its jobs per state, bytes, rate and "
            + "estimated finish.")
    public Page<WaveStatus> list(@BeanParam @Valid PageRequest paging, @QueryParam("state") WaveState state) {
        return waves.list(state, paging.page, paging.size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get a wave", description = "Its state and history, jobs per state, bytes done and in all, "
            + "the current rate and the estimated finish.")
    public WaveStatus get(@PathParam("id") UUID id) {
        return waves.get(id);
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Pause a wave", description = "Admits nothing new; running jobs finish. 409 unless the wave "
            + "is scheduled or running.")
    public WaveStatus pause(@PathParam("id") UUID id) {
        return waves.pause(id, actor());
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Resume a paused wave, or start a held one", description = "409 for a wave in another state.")
    public WaveStatus resume(@PathParam("id") UUID id) {
        return waves.resume(id, actor());
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Cancel a wave", description = "Running jobs are sent a cancel (their partial outputs are "
            + "removed); the others are cancelled at once. 409 for a wave that has finished.")
    public WaveStatus cancel(@PathParam("id") UUID id) {
        return waves.cancel(id, actor());
    }

    @POST
    @Path("/{id}/rerun")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Run a finished wave again", description = "Its failed and cancelled jobs are queued with "
            + "a fresh retry budget; machines that completed are never converted again. 409 unless the wave "
            + "completed with failures or was cancelled.")
    public WaveStatus rerun(@PathParam("id") UUID id) {
        return waves.rerun(id, actor());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.VIEWER)
    @Blocking
    @Operation(summary = "Watch a wave live", description = "Server-sent events: first a snapshot of the wave's "
            + "progress, then each wave and job state change and a progress summary every few seconds. Each event's "
            + "name is its CloudEvents type and its data the whole event as JSON.")
    public Multi<OutboundSseEvent> events(@PathParam("id") UUID id, @Context Sse sse) {
        LiveWaveEvents.Watch watch = live.watch(id);
        EventEnvelope snapshot;
        try {
            snapshot = EventCodec.envelope(messaging.source(), EventTypes.WAVE_PROGRESS, id.toString(),
                    figures.progress(waves.find(id)));
        } catch (RuntimeException e) {
            watch.startingWith(null).subscribe().with(item -> {
            }).cancel();
            throw e;
        }
        Multi<OutboundSseEvent> events = watch.startingWith(snapshot)
                .map(event -> sse.newEventBuilder().id(event.id()).name(event.type())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, EventCodec.encode(event))
                        .build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlive);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
