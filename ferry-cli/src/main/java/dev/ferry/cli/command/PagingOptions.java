package dev.ferry.cli.command;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.http.QueryString;
import dev.ferry.cli.output.Printer;
import picocli.CommandLine.Option;

/** The --page and --size options of list commands. */
public class PagingOptions {

    @Option(names = "--page", defaultValue = "0", description = "page to show, from 0 (default 0)")
    int page;

    @Option(names = "--size", defaultValue = "100", description = "items per page, up to 1000 (default 100)")
    int size;

    /** The query with page and size, for more parameters to be added. */
    QueryString query() {
        return new QueryString().add("page", page).add("size", size);
    }

    /** Tells (on stderr) that more items exist than this page shows. */
    void noteRest(Printer printer, JsonNode answer) {
        long total = answer.path("total").asLong();
        int shown = answer.path("items").size();
        long before = (long) page * size;
        if (before + shown < total) {
            printer.note(String.format(Locale.ROOT, "%d to %d of %d; --page %d for more", before + 1,
                    before + shown, total, page + 1));
        }
    }
}
