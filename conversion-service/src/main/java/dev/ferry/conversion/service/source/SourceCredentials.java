package dev.ferry.conversion.service.source;

/**
 * How to log in to a source (a vCenter or ESXi host) and which certificate to trust. Held in memory for one job only;
 * {@link #toString()} never shows the password.
 *
 * @param username user name
 * @param password password
 * @param certificateSha256 SHA-256 fingerprint of the source's TLS certificate to pin, or null to verify it the usual
 *        way
 */
public record SourceCredentials(String username, String password, String certificateSha256) {

    @Override
    public String toString() {
        return "SourceCredentials[username=" + username + ", password=(hidden), certificateSha256="
                + certificateSha256 + "]";
    }
}
