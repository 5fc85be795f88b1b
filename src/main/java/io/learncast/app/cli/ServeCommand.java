package io.learncast.app.cli;

import io.learncast.app.service.ForecastService;
import io.learncast.farm.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code learncast serve}: the HTTP JSON query service, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve forecasts over HTTP: POST /v1/forecast, GET /v1/runs, GET /v1/model, GET /v1/health (JSON).",
                "Binds to 127.0.0.1 unless --host says otherwise; a non-loopback host needs LEARNCAST_SERVE_PASSWORD, "
                        + "and clients then send 'Authorization: Bearer <password>'."})
final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threads", defaultValue = "4", description = "Request threads, 1–256 (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        // checked before the store opens: 0 or -1 used to start a server that could answer nothing
        ForecastService.Settings settings = new ForecastService.Settings(host, port, threads, System.getenv("LEARNCAST_SERVE_PASSWORD"));
        if (threads < 1 || threads > io.learncast.app.service.WebServer.MAX_THREADS) {
            throw new io.learncast.common.UserError("--threads", "request threads " + threads + " is out of range",
                    "1–" + io.learncast.app.service.WebServer.MAX_THREADS + " (default 4)");
        }
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open(threads + 2);
             ForecastService svc = ForecastService.start(s, settings)) {
            out.println("serving " + s.location() + " on http://" + svc.address().getHostString() + ":" + svc.port() + "/v1/health (Ctrl-C stops)");
            out.flush();
            while (!Interrupts.stopping()) Thread.sleep(200);
            out.println("stopped");
            return Cli.OK;
        }
    }
}
