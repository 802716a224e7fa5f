package dev.ferry.inventory.service.discovery;

import java.util.Locale;

import dev.ferry.events.machine.Nic;

/** Reads network adapter models as exports and descriptors spell them ("Vmxnet3", "E1000e", "VmxNet3", "PCNet32"). */
public final class AdapterTypes {

    private AdapterTypes() {
    }

    public static Nic.AdapterType parse(String name) {
        if (name == null) {
            return Nic.AdapterType.UNKNOWN;
        }
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return switch (key) {
            case "vmxnet3", "virtualvmxnet3" -> Nic.AdapterType.VMXNET3;
            case "vmxnet2", "enhancedvmxnet", "virtualvmxnet2" -> Nic.AdapterType.VMXNET2;
            case "vmxnet", "virtualvmxnet" -> Nic.AdapterType.VMXNET;
            case "e1000", "virtuale1000" -> Nic.AdapterType.E1000;
            case "e1000e", "virtuale1000e" -> Nic.AdapterType.E1000E;
            case "vlance" -> Nic.AdapterType.VLANCE;
            case "pcnet32", "flexible", "virtualpcnet32" -> Nic.AdapterType.PCNET32;
            case "sriov", "sriovethernetcard", "virtualsriovethernetcard" -> Nic.AdapterType.SRIOV;
            default -> Nic.AdapterType.UNKNOWN;
        };
    }
}
