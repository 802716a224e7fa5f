package dev.ferry.conversion.service.source;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.events.EventCodec;

/**
 * Fetches source credentials from the inventory: {@code GET <inventory-url>/api/v1/sources/{id}/credentials} with
 * this worker's service token, answered by {@code {"username": ..., "password": ..., "certificateSha256": ...}}.
 * Neither the token nor the answer is logged; messages name the source and the status only.
 */
@ApplicationScoped
public class InventoryCredentialProvider implements CredentialProvider {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    ConversionConfig config;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public SourceCredentials credentials(String sourceId) throws IOException {
        URI base = config.inventoryUrl().orElseThrow(() -> new RequestRefusedException("source " + sourceId
                + " needs credentials, but this worker has no inventory URL (ferry.conversion.inventory-url)"));
        String token = config.inventoryToken().orElseThrow(() -> new RequestRefusedException("source " + sourceId
                + " needs credentials, but this worker has no inventory token (ferry.conversion.inventory-token)"));
        URI uri = base.resolve("/api/v1/sources/" + URLEncoder.encode(sourceId, StandardCharsets.UTF_8)
                + "/credentials");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching the credentials of source "
                    + sourceId);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RequestRefusedException("the inventory refused this worker's token for the credentials of "
                    + "source " + sourceId + " (HTTP " + status + ")");
        }
        if (status == 404) {
            throw new RequestRefusedException("the inventory has no credentials for source " + sourceId);
        }
        if (status != 200) {
            throw new IOException("the inventory answered HTTP " + status + " for the credentials of source "
                    + sourceId);
        }
        try {
            SourceCredentials credentials = EventCodec.mapper().readValue(response.body(), SourceCredentials.class);
            if (credentials.username() == null || credentials.password() == null) {
                throw new RequestRefusedException("the inventory's credentials for source " + sourceId
                        + " lack a username or password");
            }
            return credentials;
        } catch (JsonProcessingException e) {
            // Never e.getMessage(): Jackson quotes the input, which holds the password.
            throw new IOException("the inventory's answer for the credentials of source " + sourceId
                    + " is not the expected JSON");
        }
    }
}
