package dev.ferry.scheduler.service.profile;

/** Where a target profile comes from. */
public enum ProfileOrigin {
    /** Shipped with Ferry, read-only. */
    BUILT_IN,
    /** From the configured profile directory; replaces a built-in profile of the same id or adds one. */
    CONFIGURED,
    /** Added by a person through the API; can be replaced and deleted. */
    USER
}
