package dev.ferry.events.plan;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The hypervisor family a machine is converted for. */
public enum TargetPlatform {
    HYPERV,
    KVM,
    KUBEVIRT,
    @JsonEnumDefaultValue
    UNKNOWN
}
