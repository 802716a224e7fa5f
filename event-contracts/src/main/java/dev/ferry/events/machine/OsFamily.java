package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Broad guest OS family, enough to choose drivers and integration services. */
public enum OsFamily {
    WINDOWS,
    LINUX,
    OTHER,
    @JsonEnumDefaultValue
    UNKNOWN
}
