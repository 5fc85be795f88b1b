package io.learncast.bench.dashboard;

import io.learncast.app.dashboard.Dashboard;

import io.learncast.farm.store.PhaseAxis;
import io.learncast.farm.store.PhaseQuery;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.TaskProperty;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.synthetic.SyntheticCorpus;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code learncast dashboard bench}: a store of synthetic runs (imported as the corpus import path does), a
 * forecaster, and the dashboard on a loopback port; each page's first view is timed as the browser asks for it — the
 * app's files and the page's JSON requests, sent at once — and the phase-diagram query alone in the store. Medians
 * over repetitions after one warm-up. Kept apart from the dashboard so it can move with the other benchmarks.
 */
public final class DashboardBench {
    private DashboardBench() {}

    static final long PAGE_TARGET_MS = 300;
    static final long PHASE_TARGET_MS = 200;

    public static void run(int runs, int reps, Path dir, PrintWriter out) throws Exception {
        Path folder = dir != null ? dir : Files.createTempDirectory("learncast-dash-bench-");
        try (Store s = JdbcStore.open(StoreLocation.parse(folder.resolve("store").toString(), "--dir"), Dashboard.THREADS_PUBLIC + 2)) {
            long have = s.catalog().count(RunFilter.all());
            if (have < runs) {
                long t0 = System.nanoTime();
                out.println("importing " + (runs - have) + " synthetic runs into " + s.location() + " …");
                out.flush();
                var records = SyntheticCorpus.generate(runs, 1, 17).subList((int) have, runs);
                for (int i = 0; i < records.size(); i += 1000) { // the corpus import path: a thousand runs per transaction
                    s.queue().importRuns(records.subList(i, Math.min(records.size(), i + 1000)).stream()
                            .map(r -> new RunQueue.ImportedRun(r.config(), SyntheticCorpus.result(r), "synthetic")).toList());
                }
                out.printf(Locale.ROOT, "imported in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            }
            if (ForecasterRegistry.active(s).isEmpty()) fitSmall(s, folder);
            long total = s.catalog().count(RunFilter.all());
            TaskProperty top = s.stats().tasks().get(0);
            long runId = s.catalog().runs(RunFilter.all().page(1, (int) (total / 2))).get(0).id();
            String phase = "task=" + enc(top.task()) + "&metric=" + top.metric().key() + "&threshold=" + top.threshold() + "&x=lr&y=wd&budget=2000";
            Map<String, List<String>> pages = new LinkedHashMap<>();
            List<String> shell = List.of("/", "/assets/app.js", "/assets/ui.js", "/assets/pages.js", "/assets/style.css", "/assets/echarts.js");
            pages.put("farm", List.of("/dash/farm"));
            pages.put("corpus", List.of("/dash/meta", "/dash/runs?limit=50"));
            pages.put("corpus sorted by lr, filtered by task", List.of("/dash/meta", "/dash/runs?limit=50&sort=lr&desc=true&task=" + enc(top.task())));
            pages.put("run", List.of("/dash/run?id=" + runId));
            pages.put("phase diagram", List.of("/dash/meta", "/dash/phase?" + phase));
            pages.put("forecast", List.of("/v1/knobs"));
            pages.put("ledger", List.of("/dash/ledger"));
            pages.put("grow", List.of("/dash/grow"));
            LiveWrites live = new LiveWrites((int) total);
            try (Dashboard d = Dashboard.start(s, "127.0.0.1", 0)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = "http://127.0.0.1:" + d.port();
                out.printf(Locale.ROOT, "store: %,d runs (%s, %s: %,d runs); %d repetitions, medians%n", total, s.location(), top.task(), top.runs(), reps);
                out.printf(Locale.ROOT, "%-40s %10s %8s %s%n", "page (first view)", "median ms", "target", "max ms");
                for (var e : pages.entrySet()) {
                    List<String> all = new ArrayList<>(shell);
                    all.addAll(e.getValue());
                    fetchAll(http, base, all); // warm-up: JIT and the store's caches
                    long[] ms = new long[reps];
                    for (int i = 0; i < reps; i++) {
                        live.write(s); // as a farm would: the store's result caches cannot answer
                        long t = System.nanoTime();
                        fetchAll(http, base, all);
                        ms[i] = (System.nanoTime() - t) / 1_000_000;
                    }
                    Arrays.sort(ms);
                    out.printf(Locale.ROOT, "%-40s %10d %8s %d%n", e.getKey(), ms[reps / 2], "< " + PAGE_TARGET_MS, ms[reps - 1]);
                }
                PhaseQuery q = new PhaseQuery(top.task(), top.metric(), top.threshold(), PhaseAxis.LR, PhaseAxis.WD, 2000, null);
                s.stats().phase(q);
                long[] ms = new long[reps];
                int cells = 0;
                for (int i = 0; i < reps; i++) {
                    live.write(s);
                    long t = System.nanoTime();
                    cells = s.stats().phase(q).size();
                    ms[i] = (System.nanoTime() - t) / 1_000_000;
                }
                Arrays.sort(ms);
                out.printf(Locale.ROOT, "%-40s %10d %8s %d (%d cells over %,d runs)%n", "phase-diagram query (in the store)", ms[reps / 2],
                        "< " + PHASE_TARGET_MS, ms[reps - 1], cells, top.runs());
                out.flush();
            }
        }
    }

    /**
     * One new run imported before each timed view, as a farm adds runs while someone watches: H2 answers a query
     * repeated over an unchanged table from its result cache, which a live store never would.
     */
    private static final class LiveWrites {
        private final java.util.Iterator<io.learncast.forecast.features.RunRecord> next;

        LiveWrites(int after) {
            this.next = SyntheticCorpus.generate(after + 5_000, 1, 17).subList(after, after + 5_000).iterator();
        }

        void write(Store s) {
            var r = next.next();
            s.queue().importRun(r.config(), SyntheticCorpus.result(r), "synthetic");
        }
    }

    private static void fitSmall(Store big, Path folder) {
        try (Store small = JdbcStore.open(StoreLocation.parse(folder.resolve("fit-store").toString(), "--dir"))) {
            if (small.catalog().count(RunFilter.all()) == 0) SyntheticCorpus.importInto(small, SyntheticCorpus.generate(300, 2, 7));
            FittedForecaster f = ForecasterFitter.fit(Corpus.table(small, FeatureTable.Options.defaults()),
                    ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3).withRounds(30).withDraws(10));
            ForecasterRegistry.save(big, f);
        }
    }

    private static void fetchAll(HttpClient http, String base, List<String> paths) {
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (String p : paths) all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + p)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
        for (var f : all) {
            HttpResponse<byte[]> r = f.join();
            if (r.statusCode() != 200) throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

}
