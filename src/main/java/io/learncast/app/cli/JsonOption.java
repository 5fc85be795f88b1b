package io.learncast.app.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code --json}: print one JSON document (records written by Jackson, see {@link Console#json}) instead of text. */
public final class JsonOption {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    public boolean on() { return json; }

    /** Prints {@code doc} when --json is given; says whether it did (then the text is not printed). */
    public boolean print(PrintWriter out, Object doc) {
        if (json) Console.json(out, doc);
        return json;
    }
}
