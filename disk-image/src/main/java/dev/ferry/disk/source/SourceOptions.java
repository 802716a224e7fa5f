package dev.ferry.disk.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a remote image: extra HTTP headers (session cookies, authorisation), timeouts, retries, certificate
 * pinning and how many requests may be in flight. Header values are secrets: {@link #toString()} never shows them.
 */
public final class SourceOptions {

    private static final SourceOptions DEFAULTS = builder().build();

    private final Map<String, String> httpHeaders;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final String pinnedCertificateSha256;
    private final int maxRequestsInFlight;

    private SourceOptions(Builder builder) {
        this.httpHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(builder.httpHeaders));
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.maxRetries = builder.maxRetries;
        this.retryBackoff = builder.retryBackoff;
        this.pinnedCertificateSha256 = builder.pinnedCertificateSha256;
        this.maxRequestsInFlight = builder.maxRequestsInFlight;
    }

    /** Verified TLS, no extra headers, 30 s to connect, 2 min per request, 5 retries, 8 requests in flight. */
    public static SourceOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Extra headers sent with every HTTP request (names as given; values are secrets). */
    public Map<String, String> httpHeaders() {
        return httpHeaders;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest wait for one request to be answered completely (HTTP response body, NBD reply, NBD handshake). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How often a request that failed transiently (connection reset, HTTP 5xx) is tried again. */
    public int maxRetries() {
        return maxRetries;
    }

    /** Wait before the first retry; it doubles for each further retry. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /**
     * The SHA-256 fingerprint of the one server certificate to accept instead of the system trust store, as 64 lower
     * case hex digits; empty when certificates are verified the usual way.
     */
    public Optional<String> pinnedCertificateSha256() {
        return Optional.ofNullable(pinnedCertificateSha256);
    }

    /** Upper bound on requests outstanding at once on one source (HTTP connections, NBD requests). */
    public int maxRequestsInFlight() {
        return maxRequestsInFlight;
    }

    @Override
    public String toString() {
        return "SourceOptions[httpHeaders=" + httpHeaders.keySet() + " (values hidden), connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries
                + ", retryBackoff=" + retryBackoff + ", pinnedCertificateSha256=" + pinnedCertificateSha256
                + ", maxRequestsInFlight=" + maxRequestsInFlight + "]";
    }

    /** Builds {@link SourceOptions}; every setting has a sensible default. */
    public static final class Builder {

        private final Map<String, String> httpHeaders = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofMinutes(2);
        private int maxRetries = 5;
        private Duration retryBackoff = Duration.ofMillis(500);
        private String pinnedCertificateSha256;
        private int maxRequestsInFlight = 8;

        private Builder() {
        }

        /** Adds a header to every HTTP request, replacing an earlier one of the same name. */
        public Builder httpHeader(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new IllegalArgumentException("not a valid HTTP header name: '" + name + "'");
            }
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                // Never echo the value: it is usually a secret.
                throw new IllegalArgumentException("value of HTTP header " + name + " contains a line break or NUL");
            }
            httpHeaders.remove(findHeader(name));
            httpHeaders.put(name, value);
            return this;
        }

        /** Sends {@code Authorization: Basic ...} with every HTTP request. */
        public Builder basicAuth(String user, String password) {
            String token = Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return httpHeader("Authorization", "Basic " + token);
        }

        /** Sends a cookie with every HTTP request, such as vSphere's {@code vmware_soap_session}. */
        public Builder cookie(String name, String value) {
            return httpHeader("Cookie", name + "=" + value);
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > 100) {
                throw new IllegalArgumentException("maxRetries must be 0..100, got " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        public Builder retryBackoff(Duration backoff) {
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("retryBackoff must not be negative");
            }
            this.retryBackoff = backoff;
            return this;
        }

        /**
         * Accepts exactly the server certificate with this SHA-256 fingerprint (hex, colons and case ignored), as
         * vCenter shows for its self-signed certificate; every other certificate is refused.
         */
        public Builder pinnedCertificateSha256(String fingerprint) {
            String hex = fingerprint.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a SHA-256 fingerprint has 64 hex digits, got '" + fingerprint + "'");
            }
            this.pinnedCertificateSha256 = hex;
            return this;
        }

        public Builder maxRequestsInFlight(int requests) {
            if (requests < 1 || requests > 256) {
                throw new IllegalArgumentException("maxRequestsInFlight must be 1..256, got " + requests);
            }
            this.maxRequestsInFlight = requests;
            return this;
        }

        public SourceOptions build() {
            return new SourceOptions(this);
        }

        private String findHeader(String name) {
            return httpHeaders.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(name);
        }

        private static Duration positive(Duration duration, String what) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
