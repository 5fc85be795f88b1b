package io.learncast.bench.farm;

import io.learncast.app.proc.Proc;
import io.learncast.app.proc.ShareChild;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.worker.WorkerPool;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What sharing the default embedded store costs the farm's hot path ({@code learncast bench share}). The same
 * sweep of short runs (the store's share of the work is largest when runs are short) is trained on a fresh
 * embedded store in each mode, the modes alternating within each repetition:
 * <ul>
 *   <li>{@code exclusive}: the store kept to the farm's process (as before sharing);</li>
 *   <li>{@code holder}: the farm holds the file and serves it (the default, nobody else connected);</li>
 *   <li>{@code holder+reader}: the same while another process runs {@code farm status}'s query every 500 ms;</li>
 *   <li>{@code client}: another process opened the folder first; the farm reaches the store through it.</li>
 * </ul>
 * Per mode: runs/min, the store's share of worker time, claim latency (p50, p99) and, with a reader, the
 * reader's query latency.
 */
public final class ShareBench {
    public static final List<String> MODES = List.of("exclusive", "holder", "holder+reader", "client");

    /** One mode's measurement in one repetition. */
    public record Row(String mode, int rep, long runs, double wallSeconds, double runsPerMinute, double storeShare, double claimP50Ms,
                      double claimP99Ms, double completeMsPerRun, Double readerP50Ms, Double readerP99Ms, int readerCalls, int readerErrors) {}

    private final Path work;
    private final int runs;
    private final int steps;
    private final int threads;
    private final Consumer<String> log;

    public ShareBench(Path work, int runs, int steps, int threads, Consumer<String> log) {
        // runs are multiples of the sweep's 8 configs
        this.work = work;
        this.runs = runs;
        this.steps = steps;
        this.threads = threads;
        this.log = log;
    }

    public List<Row> run(int reps, List<String> modes) throws Exception {
        List<Row> rows = new ArrayList<>();
        // a warm-up sweep (not counted): class loading, the JIT and the trainer's natives would otherwise land on the first mode
        Row warm = once("exclusive", 0);
        log.accept(String.format(Locale.ROOT, "  warm-up: %d runs in %.1f s (not counted)", warm.runs(), warm.wallSeconds()));
        for (int rep = 1; rep <= reps; rep++) {
            // alternate the order between repetitions, so that a machine warming up or getting busier favours no mode
            List<String> order = new ArrayList<>(modes);
            if (rep % 2 == 0) java.util.Collections.reverse(order);
            for (String mode : order) {
                Row r = once(mode, rep);
                rows.add(r);
                log.accept(String.format(Locale.ROOT, "  rep %d %-14s %4d runs in %6.1f s: %6.1f runs/min, store %5.2f %% of worker time, claim p50 %.1f ms p99 %.1f ms%s",
                        rep, mode, r.runs(), r.wallSeconds(), r.runsPerMinute(), 100 * r.storeShare(), r.claimP50Ms(), r.claimP99Ms(),
                        r.readerP50Ms() == null ? "" : String.format(Locale.ROOT, "; reader p50 %.0f ms (%d calls, %d errors)", r.readerP50Ms(), r.readerCalls(), r.readerErrors())));
            }
        }
        return rows;
    }

    private Row once(String mode, int rep) throws Exception {
        Path data = work.resolve(mode.replace('+', '-') + "-" + rep);
        String db = data.toString();
        String spec = Files.writeString(work.resolve("share-" + mode.replace('+', '-') + "-" + rep + ".yaml"), """
                name: share-bench
                property: {task: "modadd:p=11"}
                axes:
                  width: [8, 16, 24, 32]
                  wd: [0, 0.5]
                  lr: [1e-2]
                  train_frac: [0.5]
                  batch: [full]
                  budgets: [%d]
                eval_every: %d
                seeds: %d
                master_seed: %d
                """.formatted(steps, Math.max(1, steps / 5), Math.max(1, runs / 8), rep)).toString();
        String[] enq = FaultBench.cli("farm", "enqueue", spec, "--db", db);
        if (!enq[0].equals("0")) throw new IllegalStateException("enqueue failed: " + enq[2]);
        StoreLocation loc = StoreLocation.parse(db, "bench");
        Proc holder = null;
        Proc reader = null;
        try {
            if (mode.equals("client")) {
                holder = Proc.java("holder", Map.of(), ShareChild.class.getName(), "hold", db);
                holder.awaitLine(l -> l.startsWith("holding"), 120);
            }
            List<Long> claimUs = new CopyOnWriteArrayList<>();
            WorkerPool.Summary s;
            try (JdbcStore store = JdbcStore.open(loc, threads + 4, !mode.equals("exclusive"))) {
                Boolean holds = store.holdsFile();
                Boolean expected = mode.equals("exclusive") ? null : !mode.equals("client");
                if (!java.util.Objects.equals(holds, expected)) throw new IllegalStateException(mode + ": this process's hold on the file is " + holds);
                if (mode.equals("holder+reader")) {
                    reader = Proc.java("reader", Map.of(), ShareChild.class.getName(), "read", db, "500");
                    reader.awaitLine(l -> l.startsWith("reading"), 120);
                }
                Store timed = FaultWorker.timingClaims(store, claimUs);
                s = WorkerPool.run(timed, WorkerPool.Options.defaults(threads).withLease(Duration.ofSeconds(60)).withPoll(Duration.ofMillis(250)), null);
            }
            if (s.error() != null) throw new IllegalStateException(mode + ": the farm stopped with " + s.error());
            List<Long> readerMs = new ArrayList<>();
            int readerErrors = 0;
            if (reader != null) {
                reader.signal("TERM");
                reader.await(60);
                for (String l : reader.lines()) {
                    if (l.startsWith("status-ms ")) readerMs.add(Long.parseLong(l.substring(10).trim()));
                    if (l.startsWith("status-error")) readerErrors++;
                }
            }
            long[] claims = claimUs.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] rd = readerMs.stream().mapToLong(Long::longValue).sorted().toArray();
            long completeMs = s.storeMsByCall().getOrDefault("complete", 0L);
            return new Row(mode, rep, s.completed(), s.wallMs() / 1000.0, s.runsPerMinute(), s.storeShare(), pct(claims, 0.5) / 1000.0,
                    pct(claims, 0.99) / 1000.0, completeMs / (double) Math.max(1, s.completed()), rd.length == 0 ? null : (double) pct(rd, 0.5),
                    rd.length == 0 ? null : (double) pct(rd, 0.99), rd.length, readerErrors);
        } finally {
            if (reader != null) reader.close();
            if (holder != null) holder.close();
        }
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /**
     * The medians per mode, side by side; the ratios to the exclusive store are paired (each repetition's mode
     * against that repetition's exclusive run, then the median), which cancels much of a shared machine's drift.
     */
    public static void table(List<Row> rows, PrintWriter out) {
        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (Row r : rows) by.computeIfAbsent(r.mode(), k -> new ArrayList<>()).add(r);
        Map<Integer, Row> base = new java.util.HashMap<>();
        for (Row r : rows) if (r.mode().equals("exclusive")) base.put(r.rep(), r);
        out.println("| mode | reps | runs/min | ÷ exclusive | store share of worker time | ÷ exclusive | claim p50 / p99 (ms) | ÷ exclusive (p50) | reader query p50 / p99 (ms) |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Row>> e : by.entrySet()) {
            List<Row> rs = e.getValue();
            List<Row> withReader = rs.stream().filter(r -> r.readerP50Ms() != null).toList();
            out.println(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %.1f %% | %s | %.0f / %.0f | %s | %s |", e.getKey(), rs.size(),
                    median(rs, Row::runsPerMinute), paired(rs, base, Row::runsPerMinute), 100 * median(rs, Row::storeShare),
                    paired(rs, base, Row::storeShare), median(rs, Row::claimP50Ms), median(rs, Row::claimP99Ms), paired(rs, base, Row::claimP50Ms),
                    withReader.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f / %.0f (%d queries, %d errors)", median(withReader, Row::readerP50Ms),
                            median(withReader, Row::readerP99Ms), withReader.stream().mapToInt(Row::readerCalls).sum(),
                            withReader.stream().mapToInt(Row::readerErrors).sum())));
        }
        out.flush();
    }

    /** The median over repetitions of this mode's value ÷ the exclusive store's in the same repetition. */
    private static String paired(List<Row> rs, Map<Integer, Row> base, java.util.function.ToDoubleFunction<Row> f) {
        double[] ratios = rs.stream().filter(r -> base.containsKey(r.rep())).mapToDouble(r -> f.applyAsDouble(r) / f.applyAsDouble(base.get(r.rep())))
                .filter(Double::isFinite).sorted().toArray();
        if (ratios.length == 0) return "-";
        double m = ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f", m);
    }

    private static double median(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String modes(List<String> m) { return String.join(", ", m) + " (of " + Arrays.toString(MODES.toArray()) + ")"; }
}
