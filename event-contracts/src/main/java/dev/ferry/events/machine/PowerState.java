package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Power state when last seen. */
public enum PowerState {
    POWERED_ON,
    POWERED_OFF,
    SUSPENDED,
    @JsonEnumDefaultValue
    UNKNOWN
}
