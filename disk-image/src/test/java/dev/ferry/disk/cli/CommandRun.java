package dev.ferry.disk.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one ferry-disk run in this JVM printed and returned. */
record CommandRun(int status, String out, String err) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = FerryDisk.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CommandRun(status, out.toString(), err.toString());
    }
}
