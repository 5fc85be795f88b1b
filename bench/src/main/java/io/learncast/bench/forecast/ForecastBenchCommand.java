package io.learncast.bench.forecast;

import io.learncast.app.cli.Cli;
import io.learncast.app.cli.Console;
import io.learncast.app.service.ForecastService;
import io.learncast.common.UserError;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code learncast forecast bench}: the forecaster's speed against its targets, side by side in one run —
 * fitting on a synthetic corpus of about {@code --rows} rows, single forecasts in process, and HTTP round
 * trips to the service on loopback (each first forecast of a config also writes the ledger).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the forecaster: fit time on a synthetic corpus (default 100,000 rows), single-forecast latency in process, "
                + "and HTTP round-trip latency on loopback, each against its target."})
public final class ForecastBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rows", defaultValue = "100000", description = "Rows of the synthetic corpus to fit on (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--queries", defaultValue = "2000", description = "Forecasts timed in process (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--requests", defaultValue = "1000", description = "HTTP requests timed (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    /** One measured figure next to its target (keys in alphabetical order, as when it was a map; the derived ratio among them). */
    @JsonPropertyOrder({"measured", "name", "ratio", "target", "unit"})
    record Figure(@JsonProperty("name") String name, @JsonProperty("measured") double measured, @JsonProperty("target") double target,
                  @JsonProperty("unit") String unit) {
        @JsonProperty("ratio")
        double ratio() { return measured / target; }
    }

    /** What the figures were measured with, and the medians beside their p99s. */
    @JsonPropertyOrder(alphabetic = true)
    record Notes(@JsonProperty("chosen") String chosen, @JsonProperty("folds") int folds, @JsonProperty("in_process_p50_ms") double inProcessP50Ms,
                 @JsonProperty("http_p50_ms") double httpP50Ms, @JsonProperty("ledger_entries_written") long ledgerEntriesWritten,
                 @JsonProperty("cores") int cores, @JsonProperty("load_average") String loadAverage) {}

    /** {@code --json}. */
    record Report(@JsonProperty("figures") List<Figure> figures, @JsonProperty("notes") Notes notes) {}

    /** A forecast request as the HTTP API takes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(@JsonProperty("task") String task, @JsonProperty("width") int width, @JsonProperty("lr") double lr, @JsonProperty("wd") double wd,
                   @JsonProperty("batch") Object batch, // "full" or a batch size
                   @JsonProperty("train_frac") Double trainFrac, @JsonProperty("n_train") Integer nTrain, @JsonProperty("steps") long steps) {}

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (rows < 100 || rows > 2_000_000) throw new UserError("--rows", "rows " + rows + " is out of range", "100–2,000,000");
        if (queries < 10 || requests < 10) throw new UserError("--queries", "too few queries or requests", "at least 10 of each");
        PrintWriter out = spec.commandLine().getOut();
        List<Figure> figures = new ArrayList<>();

        // 1. fit on ~rows rows: a synthetic corpus has about 6 rows per config (1–3 seeds × 3 budgets)
        List<RunRecord> runs = SyntheticCorpus.generate(Math.max(20, rows / 6), 3, 42);
        FeatureTable table = FeatureTable.fromRecords(runs, FeatureTable.Options.defaults());
        if (!json) out.printf(Locale.ROOT, "fitting on a synthetic corpus: %,d rows, %,d runs, %,d configs …%n", table.size(), runs.size(), table.groupCount());
        out.flush();
        long t0 = System.nanoTime();
        FittedForecaster f = ForecasterFitter.fit(table, ForecasterFitter.Options.defaults().withSource("synthetic (bench)"));
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        figures.add(new Figure(String.format(Locale.ROOT, "fit on %,d rows (synthetic)", table.size()), fitSeconds, 30, "s"));

        // 2. single forecasts in process (full detail: interval, steps, attribution, neighbours, warnings)
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            f.predict(c, c.steps());
        }
        double[] inProcess = new double[queries];
        for (int i = 0; i < queries; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            long s = System.nanoTime();
            f.predict(c, c.steps());
            inProcess[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(inProcess);
        figures.add(new Figure("single forecast p99 (in process)", quantile(inProcess, 0.99), 5, "ms"));
        double inProcessP50 = quantile(inProcess, 0.5), httpP50;
        long recorded;

        // 3. HTTP round trips on loopback, against a temporary store holding the fitted model
        Path dir = Files.createTempDirectory("learncast-bench");
        try (Store store = JdbcStore.open(StoreLocation.parse(dir.toString(), "bench"), 6)) {
            ForecasterRegistry.save(store, f);
            try (ForecastService svc = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 4, null))) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI uri = URI.create("http://127.0.0.1:" + svc.port() + "/v1/forecast");
                for (int i = 0; i < 100; i++) send(http, uri, SyntheticCorpus.randomConfig(r));
                double[] rt = new double[requests];
                for (int i = 0; i < requests; i++) {
                    RunConfig c = SyntheticCorpus.randomConfig(r);
                    long s = System.nanoTime();
                    send(http, uri, c);
                    rt[i] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(rt);
                figures.add(new Figure("HTTP round trip p99 (loopback)", quantile(rt, 0.99), 20, "ms"));
                httpP50 = quantile(rt, 0.5);
                svc.flushLedger(60_000);
                recorded = svc.recordedForecasts();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Notes notes = new Notes(f.report().chosen(), f.report().folds(), inProcessP50, httpP50, recorded, Runtime.getRuntime().availableProcessors(),
                loadAverage());

        if (json) {
            Console.json(out, new Report(figures, notes));
        } else {
            Console.Table t = new Console.Table("benchmark", "measured", "target", "measured / target");
            for (Figure x : figures) {
                t.row(x.name(), String.format(Locale.ROOT, "%.2f %s", x.measured(), x.unit()), String.format(Locale.ROOT, "< %.0f %s", x.target(), x.unit()),
                        String.format(Locale.ROOT, "%.2f", x.ratio()));
            }
            t.print(out);
            out.printf(Locale.ROOT, "p50: in process %.2f ms, HTTP %.2f ms; chosen model %s (%d folds); %d forecasts recorded in the ledger; "
                    + "%d cores, load average %s%n", notes.inProcessP50Ms(), notes.httpP50Ms(), notes.chosen(), notes.folds(), notes.ledgerEntriesWritten(),
                    notes.cores(), notes.loadAverage());
        }
        return figures.stream().allMatch(x -> x.ratio() < 1) ? Cli.OK : Cli.INTERNAL_ERROR;
    }

    private static void send(HttpClient http, URI uri, RunConfig c) throws IOException, InterruptedException {
        Request body = new Request(c.task(), c.width(), c.lr(), c.wd(), c.fullBatch() ? "full" : c.batch(), c.trainFrac(),
                c.trainFrac() != null ? null : c.nTrain(), c.steps());
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(ConfigJson.write(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IllegalStateException("the service answered " + resp.statusCode() + ": " + resp.body());
    }

    static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
