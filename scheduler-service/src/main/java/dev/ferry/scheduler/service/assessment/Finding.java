package dev.ferry.scheduler.service.assessment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one rule found about one machine.
 *
 * @param ruleId the rule's stable id ("cpu.over-cap")
 * @param severity how much it matters
 * @param message what was found, with the numbers, for people
 * @param remediation what conversion changes because of it ("vCPUs capped from 8 to 4"), or null when conversion
 *        cannot or need not change anything
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String ruleId, Severity severity, String message, String remediation) {
}
