package dev.ferry.disk.source;

/** Turns an unexpected HTTP status into a message a person can act on, and says whether a retry may help. */
final class StatusMessages {

    private StatusMessages() {
    }

    static String describe(String source, int status) {
        String advice = switch (status) {
            case 401 -> "authentication required: supply credentials or a session cookie";
            case 403 -> "access refused: the credentials or session cookie are not accepted for this file";
            case 404 -> "no such file on the server";
            case 407 -> "a proxy requires authentication";
            case 416 -> "the server says the requested range lies outside the file";
            case 408, 429 -> "the server is busy";
            default -> status >= 500 ? "server error" : "unexpected answer";
        };
        return source + ": HTTP " + status + " (" + advice + ")";
    }

    static boolean isTransient(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}
