package dev.ferry.scheduler.service.profile;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.plan.DiskSlot;

/**
 * Disks on the target: controllers, where the boot disk goes, and the image formats it takes.
 *
 * @param bootBus the controller kind the VM boots from (Generation 1: IDE; Generation 2: SCSI)
 * @param dataBus the controller kind other disks go on
 * @param fallbackBus the controller kind for guests without the target's drivers (Generation 1: IDE), or null
 * @param buses how many disks each controller kind takes; a kind not listed does not exist on the target
 * @param formats the image formats the target takes, preferred first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageRules(
        @NotNull DiskSlot.Bus bootBus,
        @NotNull DiskSlot.Bus dataBus,
        DiskSlot.Bus fallbackBus,
        @NotEmpty Map<DiskSlot.@NotNull Bus, @NotNull @Valid BusLimit> buses,
        @NotEmpty List<@NotNull @Valid DiskFormat> formats) {
}
