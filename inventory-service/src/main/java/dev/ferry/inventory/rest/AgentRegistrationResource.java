package dev.ferry.inventory.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.inventory.service.agent.AgentFacts;
import dev.ferry.inventory.service.agent.AgentRegistrationService;

@Path("/api/v1/agent/registrations")
@Tag(name = "Physical hosts")
public class AgentRegistrationResource {

    @Inject
    AgentRegistrationService registrations;

    // Not a user API: hosts authenticate with a registration token instead of a JWT, checked here (401 otherwise).
    @POST
    @PermitAll
    @Operation(summary = "Register a physical host", description = "Called by ferry-agent with "
            + "'Authorization: Bearer <registration token>'. 201 for a new host, 200 when it was known.")
    public Response register(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @NotNull @Valid AgentFacts facts) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7)
                : null;
        AgentRegistrationService.Registration registration = registrations.register(token, facts);
        return Response.status(registration.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(registration).build();
    }
}
