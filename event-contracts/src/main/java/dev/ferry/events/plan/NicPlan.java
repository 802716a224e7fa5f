package dev.ferry.events.plan;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.machine.Nic;

/**
 * A network adapter of the target VM.
 *
 * @param label the source adapter's label
 * @param macAddress MAC address to keep, or null to let the target assign one
 * @param network the source network (port group), for mapping to a target switch
 * @param kind the adapter model on the target
 * @param sourceAdapter the adapter model it replaces
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NicPlan(String label, String macAddress, String network, Kind kind, Nic.AdapterType sourceAdapter) {

    /** Adapter models on the targets. */
    public enum Kind {
        /** Hyper-V network adapter (VMBus), needs integration services. */
        SYNTHETIC,
        /** Hyper-V legacy network adapter (emulated DEC 21140), for PXE boot on Gen 1 and guests without VMBus. */
        LEGACY,
        /** virtio-net on KVM and KubeVirt. */
        VIRTIO,
        /** Emulated Intel e1000e on KVM and KubeVirt, for guests without virtio drivers. */
        E1000E,
        @JsonEnumDefaultValue
        UNKNOWN
    }
}
