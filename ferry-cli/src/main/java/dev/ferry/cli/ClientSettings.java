package dev.ferry.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.ferry.cli.http.AccessToken;

/**
 * Where the services are and which token to send, from the options, else the environment, else the local stack's
 * defaults (bin/ferry-local: ports 8081 and 8082, tokens under $FERRY_HOME/tokens).
 */
final class ClientSettings {

    static final String DEFAULT_INVENTORY_URL = "http://127.0.0.1:8081";
    static final String DEFAULT_SCHEDULER_URL = "http://127.0.0.1:8082";

    private ClientSettings() {
    }

    static URI inventoryUrl(String option, Map<String, String> environment) {
        return url(option, environment.get("FERRY_INVENTORY_URL"), DEFAULT_INVENTORY_URL, "--inventory-url");
    }

    static URI schedulerUrl(String option, Map<String, String> environment) {
        return url(option, environment.get("FERRY_SCHEDULER_URL"), DEFAULT_SCHEDULER_URL, "--scheduler-url");
    }

    /** The local stack's folder: $FERRY_HOME, else .ferry. */
    static Path ferryHome(Map<String, String> environment) {
        String home = environment.getOrDefault("FERRY_HOME", ".ferry");
        return Path.of(home.isBlank() ? ".ferry" : home);
    }

    /** The local stack's token of a role, $FERRY_HOME/tokens/ROLE.jwt. */
    static Path localToken(Map<String, String> environment, String role) {
        return ferryHome(environment).resolve("tokens").resolve(role + ".jwt");
    }

    /**
     * The token: --token, else --token-file, else FERRY_TOKEN, else the local stack's operator token when that file
     * exists, else none.
     */
    static AccessToken token(String option, Path file, Map<String, String> environment) {
        if (option != null && !option.isBlank()) {
            return new AccessToken(option.strip(), "--token");
        }
        if (file != null) {
            return new AccessToken(read(file), "--token-file " + file);
        }
        String variable = environment.get("FERRY_TOKEN");
        if (variable != null && !variable.isBlank()) {
            return new AccessToken(variable.strip(), "FERRY_TOKEN");
        }
        Path local = localToken(environment, "operator");
        if (Files.isReadable(local)) {
            return new AccessToken(read(local), local.toString());
        }
        return AccessToken.none("no --token, --token-file or FERRY_TOKEN, and no " + local);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
    }

    private static URI url(String option, String variable, String fallback, String optionName) {
        String value = option != null ? option : variable != null && !variable.isBlank() ? variable : fallback;
        try {
            URI uri = URI.create(value.strip());
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new BadSettingException(optionName + " '" + value + "' is not an http(s) URL");
        }
    }

    /** A setting that makes no sense (an exit code 2 usage error). */
    static final class BadSettingException extends RuntimeException {
        BadSettingException(String message) {
            super(message);
        }
    }
}
