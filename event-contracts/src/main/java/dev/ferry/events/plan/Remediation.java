package dev.ferry.events.plan;

/**
 * A change conversion makes so the machine fits its target.
 *
 * @param ruleId the assessment rule that called for it
 * @param description what changes, with the numbers ("vCPUs capped from 8 to 4")
 */
public record Remediation(String ruleId, String description) {
}
