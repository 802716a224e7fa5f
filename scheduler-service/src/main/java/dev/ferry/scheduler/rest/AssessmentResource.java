package dev.ferry.scheduler.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
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
import dev.ferry.api.problem.ProblemException;
import dev.ferry.api.security.Roles;
import dev.ferry.scheduler.service.assessment.AssessmentReport;
import dev.ferry.scheduler.service.assessment.AssessmentService;
import dev.ferry.scheduler.service.assessment.export.CsvExport;
import dev.ferry.scheduler.service.assessment.export.XlsxExport;

@Path("/api/v1/assessments")
@Tag(name = "Assessments")
public class AssessmentResource {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    AssessmentService assessments;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Assess machines against a target profile", description = "Per machine: readiness, "
            + "findings and the conversion plan; summary counts per readiness and rule. Stored, so it can be read "
            + "again, exported and re-run.")
    public Response create(@NotNull @Valid AssessmentRequest request) {
        AssessmentReport report = assessments.create(request.machines(), request.profileId());
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/assessments/" + report.id())
                .entity(report).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List assessments", description = "Newest first, with summaries but without machines.")
    public Page<AssessmentReport> list(@BeanParam @Valid PageRequest paging) {
        return assessments.list(paging.page, paging.size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get an assessment with every machine's findings and plan")
    public AssessmentReport get(@PathParam("id") UUID id) {
        return assessments.get(id);
    }

    @POST
    @Path("/{id}/rerun")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Assess again", description = "Selects the machines anew and uses the profile as it is now.")
    public AssessmentReport rerun(@PathParam("id") UUID id) {
        return assessments.rerun(id);
    }

    @GET
    @Path("/{id}/export")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Export an assessment as CSV or XLSX", description = "One row per machine (XLSX adds a "
            + "summary sheet and one row per finding).")
    public Response export(@PathParam("id") UUID id, @QueryParam("format") @DefaultValue("csv") String format) {
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw ProblemException.invalid("format must be csv or xlsx, not '" + format + "'");
        }
        AssessmentReport report = assessments.get(id);
        boolean csv = format.equals("csv");
        return Response.ok(csv ? CsvExport.write(report) : XlsxExport.write(report))
                .type(csv ? "text/csv; charset=utf-8" : XLSX)
                .header("Content-Disposition", "attachment; filename=\"assessment-" + id + "." + format + "\"")
                .build();
    }
}
