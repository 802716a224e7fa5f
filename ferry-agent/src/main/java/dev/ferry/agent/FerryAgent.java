package dev.ferry.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ferry-agent: collects this Linux host's facts and registers the host with Ferry's inventory.
 *
 * <pre>
 * java -jar ferry-agent.jar --server https://inventory.example:8081 --token-file /root/ferry.token \
 *      [--nbd-base nbd://this-host:10809/] [--nbd sda=nbd://this-host:10810/sda] [--dry-run]
 * </pre>
 *
 * The token (issued by an admin: POST /api/v1/sources/{id}/registration-tokens) comes from --token-file, the
 * FERRY_REGISTRATION_TOKEN environment variable, or --token. Exit status: 0 registered, 1 refused or unreachable,
 * 2 wrong usage.
 */
public final class FerryAgent {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = "usage: ferry-agent --server URL (--token-file FILE | --token TOKEN) "
            + "[--nbd-base nbd://host:port/] [--nbd DISK=URI ...] [--root DIR] [--dry-run]";

    private FerryAgent() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("FERRY_REGISTRATION_TOKEN"), System.out, System.err));
    }

    public static int run(String[] args, String tokenFromEnvironment, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> nbdByDisk = new LinkedHashMap<>();
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE_TEXT);
                return OK;
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                String value = args[++i];
                if (arg.equals("--nbd")) {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        err.println("--nbd takes DISK=URI, for example sda=nbd://host:10809/sda");
                        return USAGE;
                    }
                    nbdByDisk.put(value.substring(0, equals), value.substring(equals + 1));
                } else {
                    options.put(arg, value);
                }
            } else {
                err.println("unknown or incomplete option " + arg + "\n" + USAGE_TEXT);
                return USAGE;
            }
        }
        HostFacts facts = HostFactsCollector.collect(new SystemFiles(Path.of(options.getOrDefault("--root", "/"))),
                options.get("--nbd-base"), nbdByDisk);
        String json = Json.write(facts);
        if (dryRun) {
            out.println(json);
            return OK;
        }
        String server = options.get("--server");
        String token;
        try {
            token = options.containsKey("--token-file")
                    ? Files.readString(Path.of(options.get("--token-file"))).strip()
                    : options.getOrDefault("--token", tokenFromEnvironment);
        } catch (IOException e) {
            err.println("cannot read the token file: " + e.getMessage());
            return USAGE;
        }
        if (server == null || token == null || token.isBlank()) {
            err.println("--server and a registration token are required\n" + USAGE_TEXT);
            return USAGE;
        }
        return register(server, token, json, out, err);
    }

    private static int register(String server, String token, String json, PrintStream out, PrintStream err) {
        URI endpoint;
        try {
            endpoint = URI.create(server.endsWith("/") ? server : server + "/").resolve("api/v1/agent/registrations");
        } catch (IllegalArgumentException e) {
            err.println("--server is not a valid URL: " + server);
            return USAGE;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                out.println("registered: " + response.body());
                return OK;
            }
            err.println("the inventory refused the registration (HTTP " + response.statusCode() + "): "
                    + response.body());
            return FAILED;
        } catch (IOException e) {
            err.println("cannot reach the inventory at " + endpoint + ": " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }
}
