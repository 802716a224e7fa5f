package dev.ferry.events.machine;

/**
 * Hardware and settings that change how (or whether) a machine migrates.
 *
 * @param pciPassthrough PCI devices passed through to the guest
 * @param sriov SR-IOV adapters
 * @param usbController a USB controller is present
 * @param vtpm a virtual TPM is present
 * @param cpuHotAdd CPU hot-add is enabled
 * @param memoryHotAdd memory hot-add is enabled
 * @param cpuAffinity CPU affinity is set
 */
public record SpecialDevices(int pciPassthrough, int sriov, boolean usbController, boolean vtpm, boolean cpuHotAdd,
        boolean memoryHotAdd, boolean cpuAffinity) {

    public static final SpecialDevices NONE = new SpecialDevices(0, 0, false, false, false, false, false);
}
