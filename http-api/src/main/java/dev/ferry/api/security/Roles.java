package dev.ferry.api.security;

/**
 * Ferry's roles, carried in the token's {@code groups} claim. Each role includes the ones before it:
 * {@link RoleHierarchy} adds them, so an endpoint names only the weakest role that may call it.
 */
public final class Roles {

    /** Reads inventory, plans, waves and jobs. */
    public static final String VIEWER = "viewer";

    /** Acts: runs discoveries, assessments and waves, pauses and cancels them. */
    public static final String OPERATOR = "operator";

    /** Configures: sources and their credentials, target profiles, registration tokens. */
    public static final String ADMIN = "admin";

    /**
     * Reads sources' credentials (conversion workers' service tokens, to read vSphere datastores). Outside the
     * hierarchy: no person's role includes it, and it includes no other.
     */
    public static final String SOURCE_CREDENTIALS = "source-credentials";

    private Roles() {
    }
}
