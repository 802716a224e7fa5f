package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A network adapter.
 *
 * @param label display label ("Network adapter 1", "eth0")
 * @param adapterType emulated or paravirtual adapter model
 * @param macAddress MAC address
 * @param network port group or network name
 * @param connected whether the adapter is connected
 * @param pxeBoot whether the machine boots from the network through this adapter (needs a legacy NIC on Gen 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Nic(String label, AdapterType adapterType, String macAddress, String network, boolean connected,
        boolean pxeBoot) {

    /** Adapter models found in the sources. */
    public enum AdapterType {
        VMXNET3,
        VMXNET2,
        VMXNET,
        E1000,
        E1000E,
        VLANCE,
        PCNET32,
        SRIOV,
        PHYSICAL,
        @JsonEnumDefaultValue
        UNKNOWN
    }
}
