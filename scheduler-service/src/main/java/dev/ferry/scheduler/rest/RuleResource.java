package dev.ferry.scheduler.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.assessment.rules.RuleCatalog;

@Path("/api/v1/rules")
@Tag(name = "Assessment rules")
public class RuleResource {

    /**
     * An assessment rule.
     *
     * @param id stable id, as findings carry it
     * @param severity the most severe finding it raises
     * @param description what it checks and what conversion does about it
     */
    public record RuleView(String id, Severity severity, String description) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List the assessment rules", description = "In the order they run.")
    public List<RuleView> list() {
        return RuleCatalog.rules().stream().map(rule -> new RuleView(rule.id(), rule.severity(), rule.description()))
                .toList();
    }
}
