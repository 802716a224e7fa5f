package dev.ferry.cli.command;

import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Table;
import picocli.CommandLine.Command;

/** {@code ferry rules}: the assessment rule catalogue. */
@Command(name = "rules", description = "The assessment rules, in the order they run.")
public final class RulesCommand extends ApiCommand {

    @Command(name = "list", description = "List the assessment rules with their severity and what they check.")
    int list() {
        return printList(scheduler().get("/api/v1/rules"), new Table("RULE", "SEVERITY", "WHAT IT CHECKS"),
                rule -> new Object[] { Json.text(rule, "/id"), Json.text(rule, "/severity"), Json.text(rule,
                        "/description") });
    }
}
