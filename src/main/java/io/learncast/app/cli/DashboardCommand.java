package io.learncast.app.cli;

import io.learncast.app.dashboard.Dashboard;
import io.learncast.farm.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code learncast dashboard}: the live web dashboard, until Ctrl-C. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the live web dashboard: the farm, the corpus, phase diagrams, forecasts, the ledger and grow campaigns.",
                "Binds to 127.0.0.1 and prints its URL; it works beside `farm run` on the same store (the default store is shared).",
                "--bind another address only with the token it prints: every request then needs it (the printed URL carries it)."})
final class DashboardCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}); any other address requires the token printed at start.")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        // checked before the store opens
        try {
            java.net.InetAddress.getByName(bind);
        } catch (java.io.IOException e) {
            throw new io.learncast.common.UserError("--bind", "cannot resolve address '" + bind + "'", "e.g. 127.0.0.1 (the default) or this machine's LAN address");
        }
        if (port < 0 || port > 65535) throw new io.learncast.common.UserError("--port", "port " + port + " is out of range", "0–65535 (0 picks a free one)");
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open(Dashboard.THREADS_PUBLIC + 2); Dashboard d = Dashboard.start(s, bind, port)) {
            out.println("dashboard of " + s.location() + " on " + d.url() + " (Ctrl-C stops)");
            if (d.tokenRequired()) out.println("token: " + d.token() + " (every request needs it: open the URL above, or send X-Learncast-Token)");
            out.flush();
            while (!Interrupts.stopping()) Thread.sleep(200);
            out.println("stopped");
            return Cli.OK;
        }
    }
}
