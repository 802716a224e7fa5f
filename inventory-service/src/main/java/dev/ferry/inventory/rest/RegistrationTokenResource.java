package dev.ferry.inventory.rest;

import java.time.Duration;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.inventory.service.agent.RegistrationTokenService;

@Path("/api/v1/sources/{id}/registration-tokens")
@Tag(name = "Physical hosts")
public class RegistrationTokenResource {

    @Inject
    RegistrationTokenService tokens;

    /** @param validFor how long the token is valid (ISO-8601, "P7D"); the configured default when absent */
    public record TokenRequest(Duration validFor) {
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Issue a registration token", description = "For a PHYSICAL source: ferry-agent registers "
            + "hosts into it with this token until it expires. The token is shown only in this answer.")
    public Response issue(@PathParam("id") UUID sourceId, TokenRequest request) {
        RegistrationTokenService.IssuedToken token = tokens.issue(sourceId, request == null ? null
                : request.validFor());
        return Response.status(Response.Status.CREATED).entity(token).build();
    }
}
