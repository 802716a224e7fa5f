package dev.ferry.scheduler.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.api.security.Roles;
import dev.ferry.scheduler.service.profile.ProfileCatalog;
import dev.ferry.scheduler.service.profile.ProfileReader;
import dev.ferry.scheduler.service.profile.ProfileSummary;
import dev.ferry.scheduler.service.profile.TargetProfile;

@Path("/api/v1/profiles")
@Tag(name = "Target profiles")
public class ProfileResource {

    private static final String YAML = "application/yaml";

    @Inject
    ProfileCatalog catalog;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List target profiles", description = "Built-in, configured and user profiles.")
    public List<ProfileSummary> list() {
        return catalog.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get a target profile with every figure and its source")
    public TargetProfile get(@PathParam("id") String id) {
        return catalog.get(id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes({ MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml" })
    @Operation(summary = "Add a target profile", description = "As JSON or YAML, in the form of the built-in ones; "
            + "a profile that is not valid is refused with its field errors.")
    public Response create(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        TargetProfile created = catalog.create(read(contentType, body));
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/profiles/" + created.id())
                .entity(created).type(MediaType.APPLICATION_JSON).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes({ MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml" })
    @Operation(summary = "Replace a target profile a person added")
    public TargetProfile replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            String body) {
        return catalog.replace(id, read(contentType, body));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a target profile a person added")
    public Response delete(@PathParam("id") String id) {
        catalog.delete(id);
        return Response.noContent().build();
    }

    private static TargetProfile read(String contentType, String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("the request has no profile in its body");
        }
        return contentType != null && contentType.startsWith(MediaType.APPLICATION_JSON) ? ProfileReader.json(body)
                : ProfileReader.yaml(body);
    }
}
