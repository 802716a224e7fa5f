package dev.ferry.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.output.Details;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry profiles}: the target profiles (platform limits as data) the scheduler assesses against. */
@Command(name = "profiles", description = "List and show target profiles, or add one of your own (admin).")
public final class ProfilesCommand extends ApiCommand {

    @Command(name = "list", description = "List the built-in, configured and added target profiles.")
    int list() {
        return printList(scheduler().get("/api/v1/profiles"), new Table("ID", "NAME", "PLATFORM", ">GEN", "ORIGIN"),
                profile -> new Object[] { Json.text(profile, "/id"), Json.text(profile, "/name"), Json.text(profile,
                        "/platform"),
                        profile.path("generation").asInt() == 0 ? ""
                                : profile.path("generation")
                                        .asInt(),
                        Json.text(profile, "/origin") });
    }

    @Command(name = "get", description = "Show a target profile's figures (-o json for every figure with its "
            + "source).")
    int get(@Parameters(paramLabel = "PROFILE", description = "profile id (ferry profiles list)") String id) {
        JsonNode profile = scheduler().get("/api/v1/profiles/" + id);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(profile);
            return ExitCodes.OK;
        }
        Details details = new Details().add("id", Json.text(profile, "/id")).add("name", Json.text(profile, "/name"))
                .add("description", Json.text(profile, "/description"))
                .add("platform", Json.text(profile, "/platform")).add("generation", Json.text(profile, "/generation"));
        for (String section : new String[] { "vm", "host", "boot", "storage", "network" }) {
            figures(details, section, profile.path(section));
        }
        details.add("guests", profile.path("guests").size() + " rules (-o json shows them)");
        printer.out().print(details.render());
        printer.out().flush();
        return ExitCodes.OK;
    }

    @Command(name = "add", description = "Add a target profile from a YAML or JSON file in the form of the built-in "
            + "ones (admin); a profile that is not valid is refused with its field errors.")
    int add(@Parameters(paramLabel = "FILE", description = ".yaml, .yml or .json") Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode created = scheduler().post("/api/v1/profiles", json ? "application/json" : "application/yaml", text);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(created);
        } else {
            printer.line("added profile %s (%s)", Json.text(created, "/id"), Json.text(created, "/name"));
        }
        return ExitCodes.OK;
    }

    /** The figures of a section as "section.path: value" facts; a figure is an object with a value. */
    private static void figures(Details details, String path, JsonNode node) {
        if (node.isObject() && node.has("value")) {
            details.add(path, node.path("value").asText() + (node.path("unverified").asBoolean() ? " (unverified)"
                    : ""));
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("source")) {
                    figures(details, path + "." + field.getKey(), field.getValue());
                }
            }
        } else if (node.isArray()) {
            StringBuilder items = new StringBuilder();
            node.forEach(item -> items.append(items.length() == 0 ? "" : ", ").append(item.isObject() ? item.path(
                    "format").asText(item.toString()) : item.asText()));
            details.add(path, items.toString());
        } else if (!node.isMissingNode() && !node.isNull()) {
            details.add(path, node.asText());
        }
    }
}
