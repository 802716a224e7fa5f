package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Boot firmware.
 *
 * @param type BIOS or EFI
 * @param secureBoot whether UEFI secure boot is on
 */
public record Firmware(Type type, boolean secureBoot) {

    public static final Firmware BIOS = new Firmware(Type.BIOS, false);

    /** Firmware kinds. */
    public enum Type {
        BIOS,
        EFI,
        @JsonEnumDefaultValue
        UNKNOWN
    }
}
