package dev.ferry.inventory.rest;

import java.io.InputStream;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.inventory.service.upload.UploadService;

/** Uploads of RVTools exports and OVA packages. */
@Path("/api/v1/sources/{id}/uploads")
@Tag(name = "Discovery")
public class UploadResource {

    @Inject
    UploadService uploads;

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Upload a file and discover it", description = "For RVTOOLS sources an XLSX workbook, a "
            + "CSV file or a zip of CSV files; for OVF sources an OVA. The body is the file "
            + "(application/octet-stream); filename names it. Stores it under the storage root, points the source at "
            + "it and starts a discovery (202, follow the Location).")
    public Response upload(@PathParam("id") UUID sourceId, @QueryParam("filename") String fileName,
            InputStream body) {
        DiscoveryRunResponse run = DiscoveryRunResponse.of(uploads.upload(sourceId, body, fileName));
        return Response.accepted(run).header("Location", "/api/v1/discoveries/" + run.id()).build();
    }
}
