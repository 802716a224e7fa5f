package dev.ferry.cli.command;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.Ferry;
import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.Table;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that talks to the services has: the two API clients and the printer of the chosen format. */
public abstract class ApiCommand {

    @Spec
    protected CommandSpec spec;

    protected Ferry ferry() {
        return (Ferry) spec.root().userObject();
    }

    protected ApiClient inventory() {
        return ferry().inventory();
    }

    protected ApiClient scheduler() {
        return ferry().scheduler();
    }

    protected Printer printer() {
        return ferry().printer();
    }

    /**
     * Prints a list: the API's JSON, or a table with a row per item.
     *
     * @param items the items (a JSON array)
     * @param row the table's cells of one item
     */
    protected int printList(JsonNode items, Table table, Function<JsonNode, Object[]> row) {
        Printer printer = printer();
        if (printer.json()) {
            printer.json(items);
        } else {
            items.forEach(item -> table.row(row.apply(item)));
            printer.table(table);
        }
        return ExitCodes.OK;
    }

    /** Prints a page of a list: the API's JSON, or a table of its items and a note when more pages exist. */
    protected int printPage(JsonNode page, PagingOptions paging, Table table, Function<JsonNode, Object[]> row) {
        Printer printer = printer();
        if (printer.json()) {
            printer.json(page);
            return ExitCodes.OK;
        }
        page.path("items").forEach(item -> table.row(row.apply(item)));
        printer.table(table);
        paging.noteRest(printer, page);
        return ExitCodes.OK;
    }

    /** Prints one thing: the API's JSON, or what {@code text} makes of it for people. */
    protected int printOne(JsonNode thing, Function<JsonNode, String> text) {
        Printer printer = printer();
        if (printer.json()) {
            printer.json(thing);
        } else {
            printer.out().print(text.apply(thing));
            printer.out().flush();
        }
        return ExitCodes.OK;
    }
}
