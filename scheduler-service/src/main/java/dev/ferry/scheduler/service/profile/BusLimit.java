package dev.ferry.scheduler.service.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * How many disks one kind of controller takes (Hyper-V IDE: 2 controllers of 2 devices, shared with a DVD drive).
 *
 * @param controllers controllers of this kind per VM
 * @param devicesPerController devices on each controller
 */
public record BusLimit(@NotNull @Valid Limit controllers, @NotNull @Valid Limit devicesPerController) {

    /** Devices this bus takes in all. */
    public long capacity() {
        return controllers.value() * devicesPerController.value();
    }
}
