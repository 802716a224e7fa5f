package dev.ferry.cli.command;

import dev.ferry.cli.Ferry;
import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.output.Printer;
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
}
