package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.H2TcpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code learncast store serve}: share an embedded H2 store over TCP with workers elsewhere. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the store in a data folder over H2's TCP protocol, so workers in other processes and on other machines can share it:",
                "  learncast farm run --db jdbc:h2:tcp://HOST:PORT/learncast",
                "Listens on 127.0.0.1 unless --allow-others (which needs a password: LEARNCAST_DB_PASSWORD or LEARNCAST_DB_PASSWORD_FILE).",
                "Runs until Ctrl-C."})
final class StoreServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data", paramLabel = "FOLDER", description = "The store's data folder (default ./" + StoreLocation.DEFAULT_FOLDER + ", or $LEARNCAST_DB).")
    Path data;

    @Option(names = "--allow-others", description = "Listen on every interface, not only 127.0.0.1 (requires a password).")
    boolean allowOthers;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65_535) throw new UserError("--port", "port " + port + " is out of range", "0–65535 (0 picks a free port)");
        Path folder = data != null ? data : Path.of(folderFromEnv());
        try (Interrupts.Work work = Interrupts.begin(); H2TcpServer server = H2TcpServer.start(folder, port, allowOthers, "--data")) {
            out.println("serving the store in " + server.location().folder() + " on " + (allowOthers ? "every interface" : "127.0.0.1 only")
                    + ", port " + server.port());
            if (server.passwordSet()) out.println("the store had no password; it now has the one from LEARNCAST_DB_PASSWORD");
            out.println("workers join with:");
            out.println("  " + (server.passwordRequired() ? "LEARNCAST_DB_PASSWORD=… " : "") + "learncast farm run --db " + server.url());
            out.println("url: " + server.url());
            out.println("stop with Ctrl-C");
            out.flush();
            while (!Interrupts.stopping() && server.running()) sleep(200);
            out.println("stopping the server");
            out.flush();
        }
        return Interrupts.stopping() ? Cli.OK : Cli.INTERNAL_ERROR;
    }

    private static String folderFromEnv() {
        String env = System.getenv("LEARNCAST_DB");
        if (env == null || env.isBlank()) return StoreLocation.DEFAULT_FOLDER;
        if (env.trim().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:")) {
            throw new UserError("LEARNCAST_DB", "store serve serves a data folder, and LEARNCAST_DB is a JDBC URL", "give the folder with --data");
        }
        return env.trim();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
