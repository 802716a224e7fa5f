package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** vSphere disk modes; other sources report PERSISTENT. */
public enum DiskMode {
    PERSISTENT,
    NONPERSISTENT,
    UNDOABLE,
    INDEPENDENT_PERSISTENT,
    INDEPENDENT_NONPERSISTENT,
    APPEND,
    @JsonEnumDefaultValue
    UNKNOWN;

    public boolean independent() {
        return this == INDEPENDENT_PERSISTENT || this == INDEPENDENT_NONPERSISTENT;
    }
}
