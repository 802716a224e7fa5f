package dev.ferry.conversion.service.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.disk.source.PinnedCertificateTrustManager;
import dev.ferry.disk.source.SourceOptions;

/**
 * Logs in to a vSphere datastore URL once and reads the file with the session that creates: one request with basic
 * authentication, whose {@code vmware_soap_session} cookie (or any session cookie) then goes with every range request.
 * vCenter opens a session for each basic-authenticated request, so sending the password with every read would leave
 * thousands of sessions behind; a server that sets no cookie gets basic authentication on every request instead.
 */
final class HttpSessionLogin {

    private static final String VSPHERE_SESSION = "vmware_soap_session";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HttpSessionLogin() {
    }

    /** Source options that read {@code url} logged in with {@code credentials}, trusting the pinned certificate. */
    static SourceOptions login(URI url, String describedUrl, SourceCredentials credentials) throws IOException {
        SourceOptions.Builder options = SourceOptions.builder();
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (credentials.certificateSha256() != null && !credentials.certificateSha256().isBlank()) {
            options.pinnedCertificateSha256(credentials.certificateSha256());
            client.sslContext(PinnedCertificateTrustManager.context(credentials.certificateSha256()
                    .replace(":", "").toLowerCase(java.util.Locale.ROOT)));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":"
                + credentials.password()).getBytes(StandardCharsets.UTF_8));
        HttpRequest first = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Authorization", basic)
                .header("Range", "bytes=0-0").GET().build();
        HttpResponse<Void> response;
        try {
            response = client.build().send(first, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while logging in to " + describedUrl);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new RequestRefusedException(describedUrl + " refused the source's credentials (HTTP "
                    + response.statusCode() + ")");
        }
        String cookie = sessionCookie(response.headers().allValues("set-cookie"));
        if (cookie != null) {
            options.httpHeader("Cookie", cookie);
        } else {
            options.httpHeader("Authorization", basic);
        }
        return options.build();
    }

    /** The vSphere session cookie as {@code name=value}, else the first cookie set, else null. */
    static String sessionCookie(List<String> setCookieHeaders) {
        String first = null;
        for (String header : setCookieHeaders) {
            String pair = header.split(";", 2)[0].trim();
            if (!pair.contains("=")) {
                continue;
            }
            if (pair.startsWith(VSPHERE_SESSION + "=")) {
                return pair;
            }
            first = first == null ? pair : first;
        }
        return first;
    }
}
