package dev.ferry.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.UsageException;
import dev.ferry.cli.output.Details;
import dev.ferry.cli.output.HumanUnits;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Table;
import dev.ferry.events.EventCodec;
import dev.ferry.events.machine.SourceKind;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry sources}: the inventory's sources (vCenters, RVTools exports, OVF/OVA packages, physical hosts). */
@Command(name = "sources", description = "List, show, add, change and delete inventory sources (adding, changing "
        + "and deleting need an admin token).")
public final class SourcesCommand extends ApiCommand {

    /** What a source is made of; every field optional so that update can change some of them. */
    static final class Definition {
        @Option(names = "--name", description = "what people call the source")
        String name;

        @Option(names = "--url", description = "VSPHERE: the SDK URL (https://vcenter.example/sdk)")
        String url;

        @Option(names = "--username", description = "VSPHERE: the user")
        String username;

        @Option(names = "--password-stdin", description = "VSPHERE: read the password from the first line of "
                + "standard input (without it, create asks for it on a terminal)")
        boolean passwordFromStdin;

        @Option(names = "--password-secret", paramLabel = "FILE", description = "VSPHERE: a file under the "
                + "inventory's secrets folder holding the password, instead of a password")
        String passwordSecret;

        @Option(names = "--thumbprint", paramLabel = "SHA256", description = "VSPHERE: SHA-256 thumbprint of the "
                + "vCenter's certificate to trust")
        String thumbprint;

        @Option(names = "--path", description = "RVTOOLS or OVF: the file under the inventory's storage root (or "
                + "upload one later with ferry upload)")
        String path;
    }

    @Command(name = "list", description = "List the sources, by name.")
    int list(@Mixin PagingOptions paging) {
        return printPage(inventory().get(paging.query().appendTo("/api/v1/sources")), paging, new Table("ID", "NAME",
                "KIND", "WHERE", "CREATED"),
                source -> new Object[] { source.path("id").asText(), source.path("name")
                        .asText(), source.path("kind").asText(), where(source),
                        HumanUnits.time(Json.text(source, "/createdAt")) });
    }

    @Command(name = "get", description = "Show a source.")
    int get(@Parameters(paramLabel = "SOURCE", description = "id or name") String reference) {
        return printOne(SourceLookup.find(inventory(), reference), source -> details(source).render());
    }

    @Command(name = "create", description = "Add a source (admin). VSPHERE takes --url, --username and a password "
            + "(asked for, or --password-stdin, or --password-secret); RVTOOLS and OVF take --path or a later "
            + "upload; PHYSICAL takes nothing.")
    int create(@Option(names = "--kind", required = true, description = "VSPHERE, RVTOOLS, OVF or PHYSICAL") SourceKind kind,
            @ArgGroup(exclusive = false) Definition definition) {
        Definition given = definition == null ? new Definition() : definition;
        if (given.name == null || given.name.isBlank()) {
            throw new UsageException("a source needs a --name");
        }
        ObjectNode body = EventCodec.mapper().createObjectNode().put("kind", kind.name());
        apply(given, body);
        if (kind == SourceKind.VSPHERE && given.passwordSecret == null) {
            body.put("password", password(given.passwordFromStdin, true));
        }
        JsonNode created = inventory().post("/api/v1/sources", body);
        return show(created, "created source " + created.path("name").asText() + " (" + created.path("id").asText()
                + ")");
    }

    @Command(name = "update", description = "Change a source (admin): the options given replace those fields; the "
            + "stored password is kept unless --password-stdin is given.")
    int update(@Parameters(paramLabel = "SOURCE", description = "id or name") String reference,
            @ArgGroup(exclusive = false) Definition definition) {
        JsonNode existing = SourceLookup.find(inventory(), reference);
        ObjectNode body = EventCodec.mapper().createObjectNode();
        for (String field : new String[] { "name", "kind", "url", "username", "passwordSecret",
                "certificateThumbprint", "path" }) {
            if (existing.hasNonNull(field)) {
                body.set(field, existing.get(field));
            }
        }
        Definition given = definition == null ? new Definition() : definition;
        apply(given, body);
        if (given.passwordFromStdin) {
            body.put("password", password(true, false));
        }
        JsonNode updated = inventory().put("/api/v1/sources/" + existing.path("id").asText(), body);
        return show(updated, "updated source " + updated.path("name").asText());
    }

    @Command(name = "delete", description = "Delete a source (admin) with its machines, discovery runs and uploads.")
    int delete(@Parameters(paramLabel = "SOURCE", description = "id or name") String reference,
            @Option(names = { "-y", "--yes" }, description = "do not ask") boolean yes) {
        JsonNode source = SourceLookup.find(inventory(), reference);
        String name = source.path("name").asText();
        if (!yes && !confirmed("Delete source " + name + " with all its machines? [y/N] ")) {
            printer().note("not deleted");
            return ExitCodes.FAILED;
        }
        inventory().delete("/api/v1/sources/" + source.path("id").asText());
        printer().note("deleted source " + name);
        return ExitCodes.OK;
    }

    private int show(JsonNode source, String note) {
        return printOne(source, shown -> note + System.lineSeparator());
    }

    private static void apply(Definition given, ObjectNode body) {
        putIfSet(body, "name", given.name);
        putIfSet(body, "url", given.url);
        putIfSet(body, "username", given.username);
        putIfSet(body, "passwordSecret", given.passwordSecret);
        putIfSet(body, "certificateThumbprint", given.thumbprint);
        putIfSet(body, "path", given.path);
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    /** The password from standard input's first line, or asked for on the terminal. */
    private String password(boolean fromStdin, boolean mayAsk) {
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(ferry().stdin(), StandardCharsets.UTF_8))
                        .readLine();
                if (line == null || line.isEmpty()) {
                    throw new UsageException("--password-stdin: standard input held no password");
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password from standard input", e);
            }
        }
        java.io.Console console = System.console();
        if (!mayAsk || console == null) {
            throw new UsageException("a VSPHERE source needs a password: give it on standard input with "
                    + "--password-stdin, name a secret file with --password-secret, or run on a terminal to be asked");
        }
        char[] typed = console.readPassword("Password for %s: ", "the vCenter");
        if (typed == null || typed.length == 0) {
            throw new UsageException("no password was typed");
        }
        return new String(typed);
    }

    private boolean confirmed(String question) {
        java.io.Console console = System.console();
        if (console == null) {
            throw new UsageException("not on a terminal: add --yes to delete without being asked");
        }
        String answer = console.readLine("%s", question);
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }

    static String where(JsonNode source) {
        String url = Json.text(source, "/url");
        return url != null ? url : Json.text(source, "/path");
    }

    private static Details details(JsonNode source) {
        return new Details().add("id", Json.text(source, "/id")).add("name", Json.text(source, "/name"))
                .add("kind", Json.text(source, "/kind")).add("url", Json.text(source, "/url"))
                .add("username", Json.text(source, "/username"))
                .add("password", source.has("passwordStored") ? source.path("passwordStored").asBoolean()
                        ? "stored (encrypted)"
                        : "none" : null)
                .add("password secret", Json.text(source, "/passwordSecret"))
                .add("certificate", Json.text(source, "/certificateThumbprint"))
                .add("path", Json.text(source, "/path")).add("created", HumanUnits.time(Json.text(source, "/createdAt")))
                .add("updated", HumanUnits.time(Json.text(source, "/updatedAt")));
    }
}
