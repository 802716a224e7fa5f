package dev.ferry.scheduler.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import dev.ferry.scheduler.service.assessment.MachineSelection;

/**
 * A request to assess machines.
 *
 * @param profileId the target profile to assess against
 * @param machines which machines: ids, or filters (source, name, OS family, power state, firmware)
 */
public record AssessmentRequest(@NotBlank String profileId, @NotNull @Valid MachineSelection machines) {
}
