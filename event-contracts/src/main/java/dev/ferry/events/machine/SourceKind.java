package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Where a machine record came from. */
public enum SourceKind {
    /** vCenter or ESXi, over the vSphere Web Services API. */
    VSPHERE,
    /** An RVTools export (XLSX or CSV): hardware facts only, no disk content. */
    RVTOOLS,
    /** An OVF descriptor or OVA package. */
    OVF,
    /** A physical Linux host that registered itself with ferry-agent. */
    PHYSICAL,
    /** Entered by a person through the API. */
    MANUAL,
    @JsonEnumDefaultValue
    UNKNOWN
}
