package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The guest operating system.
 *
 * @param id the source's identifier (vSphere guestId such as "windows2019srv_64Guest", or os-release ID)
 * @param fullName human-readable name ("Microsoft Windows Server 2019 (64-bit)")
 * @param family broad family
 * @param bits 32 or 64, or 0 when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuestOs(String id, String fullName, OsFamily family, int bits) {

    public static final GuestOs UNKNOWN = new GuestOs(null, null, OsFamily.UNKNOWN, 0);
}
