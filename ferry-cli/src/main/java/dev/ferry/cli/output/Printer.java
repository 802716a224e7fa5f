package dev.ferry.cli.output;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.events.EventCodec;

/** Where a command's output goes: results on standard output, in the chosen format; notes and errors on stderr. */
public final class Printer {

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;

    public Printer(PrintWriter out, PrintWriter err, OutputFormat format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    public boolean json() {
        return format == OutputFormat.JSON;
    }

    /** The API's answer as indented JSON. */
    public void json(JsonNode node) {
        try {
            out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    public void table(Table table) {
        out.print(table.render());
        out.flush();
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    public void line(String format, Object... arguments) {
        line(String.format(java.util.Locale.ROOT, format, arguments));
    }

    /** A note for people that scripts reading standard output should not see (progress, hints). */
    public void note(String text) {
        err.println(text);
        err.flush();
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }
}
