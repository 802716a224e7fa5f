package dev.ferry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.Table;
import picocli.CommandLine.Command;

/** {@code ferry rules}: the assessment rule catalogue. */
@Command(name = "rules", description = "The assessment rules, in the order they run.")
public final class RulesCommand extends ApiCommand {

    @Command(name = "list", description = "List the assessment rules with their severity and what they check.")
    int list() {
        JsonNode rules = scheduler().get("/api/v1/rules");
        Printer printer = printer();
        if (printer.json()) {
            printer.json(rules);
            return ExitCodes.OK;
        }
        Table table = new Table("RULE", "SEVERITY", "WHAT IT CHECKS");
        rules.forEach(rule -> table.row(Json.text(rule, "/id"), Json.text(rule, "/severity"), Json.text(rule,
                "/description")));
        printer.table(table);
        return ExitCodes.OK;
    }
}
