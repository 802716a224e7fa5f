package dev.ferry.cli.http;

/**
 * The bearer token requests carry, and where it came from (for messages: the token itself is never printed).
 *
 * @param value the token, or null when none was found
 * @param origin where it came from ("--token-file /x", "FERRY_TOKEN", ...), or what was looked for when none was found
 */
public record AccessToken(String value, String origin) {

    public static AccessToken none(String lookedFor) {
        return new AccessToken(null, lookedFor);
    }

    public boolean present() {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "AccessToken[" + (present() ? "(hidden)" : "none") + " from " + origin + "]";
    }
}
