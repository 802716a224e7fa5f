package dev.ferry.scheduler.service.profile;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.plan.NicPlan;

/**
 * Network adapters on the target.
 *
 * @param adapter the adapter a source NIC becomes (Hyper-V: synthetic; KVM: virtio)
 * @param pxeAdapter the adapter for a NIC the machine boots from (Generation 1: legacy), or null for {@code adapter}
 * @param fallbackAdapter the adapter for guests without the target's drivers (Generation 1: legacy), or null when
 *        the target has none
 * @param limits adapters of each kind per VM; a kind not listed does not exist on the target
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkRules(
        @NotNull NicPlan.Kind adapter,
        NicPlan.Kind pxeAdapter,
        NicPlan.Kind fallbackAdapter,
        @NotEmpty Map<NicPlan.@NotNull Kind, @NotNull @Valid Limit> limits) {
}
