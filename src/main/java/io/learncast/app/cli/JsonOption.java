package io.learncast.app.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print one JSON document (records written by Jackson, see {@link Console#json}) instead of text. */
public final class JsonOption {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    public boolean on() { return json; }
}
