package dev.ferry.inventory.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import dev.ferry.api.security.Roles;
import dev.ferry.inventory.service.source.SourceService;
import dev.ferry.inventory.service.source.SourceSettings;

/**
 * Hands a vSphere source's login to conversion workers, which read its datastore files. Only tokens with the
 * {@value Roles#SOURCE_CREDENTIALS} role may call it (no person's role includes it); each hand-out is logged without
 * the secret.
 */
@Path("/api/v1/sources/{id}/credentials")
@Tag(name = "Sources")
public class SourceCredentialsResource {

    private static final Logger LOG = Logger.getLogger(SourceCredentialsResource.class);

    @Inject
    SourceService sources;

    /** What a worker needs to log in; {@link #toString()} hides the password. */
    public record SourceCredentials(String username, String password, String certificateSha256) {

        @Override
        public String toString() {
            return "SourceCredentials[username=" + username + ", password=(hidden)]";
        }
    }

    @GET
    @RolesAllowed(Roles.SOURCE_CREDENTIALS)
    @Operation(summary = "A vSphere source's login, for conversion workers", description = "Needs a service token "
            + "with the source-credentials role; admins do not have it.")
    public SourceCredentials get(@PathParam("id") UUID id, @Context SecurityContext caller) {
        SourceSettings settings = sources.credentials(id);
        LOG.infof("credentials of source %s handed to %s", id, caller.getUserPrincipal() == null ? "?"
                : caller.getUserPrincipal().getName());
        return new SourceCredentials(settings.username(), settings.password(), settings.certificateThumbprint());
    }
}
