package io.learncast.forecast.features;

import io.learncast.common.Hashing;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.StoredRun;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The meta-dataset: one row per (finished run, budget) with the config's features and the label
 * "learned within this budget" ({@code confirm_step ≤ budget}; a diverged run never learned). Budgets
 * are the run's own {@code budgets} list (which always holds its step budget) and, optionally, extra
 * points on its curve ({@code listed = false}); rows a run cannot label (beyond the steps of a run
 * stopped early) are dropped. Every row keeps its run id, group hash and source.
 *
 * <p>Immutable; {@link #filter} and {@link #subset} make the training and test splits of eval.
 */
public final class FeatureTable {

    /** One row: a run at a budget. {@code x} is the model feature vector ({@link Features#ALL}). */
    public record Row(RunRecord run, long budget, boolean listed, boolean learned, double[] x) {
        public String groupHash() { return run.groupHash(); }

        public Knobs knobs() { return run.knobs(); }
    }

    /** How rows are made. {@code extraBudgets}: add log-spaced points (×√2 apart) below each run's budget. */
    public record Options(boolean extraBudgets) {
        public static Options defaults() { return new Options(false); }
    }

    private final List<Row> rows;
    private final List<RunRecord> runs;

    private FeatureTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
        Map<Long, RunRecord> byId = new LinkedHashMap<>();
        for (Row r : rows) byId.putIfAbsent(r.run().runId(), r.run());
        this.runs = List.copyOf(byId.values());
    }

    public static FeatureTable from(Collection<StoredRun> runs) { return from(runs, Options.defaults()); }

    /** The table of the finished runs among {@code runs} (others are skipped). */
    public static FeatureTable from(Collection<StoredRun> runs, Options options) {
        List<RunRecord> records = new ArrayList<>();
        for (StoredRun r : runs) {
            RunRecord rec = record(r);
            if (rec != null) records.add(rec);
        }
        return fromRecords(records, options);
    }

    /** The run-level record of a finished run, or null when it is not finished. */
    public static RunRecord record(StoredRun r) {
        if (r.state() != RunState.DONE || r.outcome() == null) return null;
        RunConfig c = r.config();
        long trained = r.stepsTrained() != null ? r.stepsTrained() : c.steps();
        Long confirm = r.outcome() == Outcome.LEARNED ? r.confirmStep() : null;
        return new RunRecord(r.id(), r.groupHash(), r.configHash(), r.source(), c.replica(), c, Knobs.of(r), r.outcome(), confirm,
                trained, c.steps(), c.evalEvery(), c.budgets());
    }

    /** The table of run records (e.g. synthetic ones, or a store's runs read once). */
    public static FeatureTable fromRecords(Collection<RunRecord> records, Options options) {
        List<Row> rows = new ArrayList<>();
        for (RunRecord rec : records) addRows(rows, rec, options);
        return new FeatureTable(rows);
    }

    private static void addRows(List<Row> rows, RunRecord rec, Options options) {
        TreeSet<Long> all = new TreeSet<>(rec.budgets());
        all.add(rec.steps());
        Set<Long> extra = new HashSet<>();
        if (options.extraBudgets()) {
            long lo = 2L * rec.evalEvery();
            for (int k = 1; k <= 10; k++) {
                long b = Math.round(rec.steps() * Math.pow(2, -k / 2.0) / rec.evalEvery()) * rec.evalEvery();
                if (b < lo) break;
                if (all.add(b)) extra.add(b);
            }
        }
        double[] config = Features.config(rec.knobs());
        for (long b : all) {
            Boolean label = rec.learnedWithin(b);
            if (label == null) continue;
            double[] x = new double[Features.N_ALL];
            System.arraycopy(config, 0, x, 0, Features.N_CONFIG);
            Features.writeBudget(rec.knobs(), b, x, Features.N_CONFIG);
            rows.add(new Row(rec, b, !extra.contains(b), label, x));
        }
    }

    // --- access ---

    public List<Row> rows() { return rows; }

    public int size() { return rows.size(); }

    public Row row(int i) { return rows.get(i); }

    /** The distinct runs of the table, in row order. */
    public List<RunRecord> runs() { return runs; }

    public int groupCount() {
        Set<String> g = new HashSet<>();
        for (RunRecord r : runs) g.add(r.groupHash());
        return g.size();
    }

    public double[][] x() {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i).x();
        return out;
    }

    public int[] y() {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i).learned() ? 1 : 0;
        return out;
    }

    public String[] groups() {
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i).groupHash();
        return out;
    }

    public FeatureTable filter(Predicate<Row> keep) {
        return new FeatureTable(rows.stream().filter(keep).toList());
    }

    public FeatureTable subset(int[] indices) {
        List<Row> out = new ArrayList<>(indices.length);
        for (int i : indices) out.add(rows.get(i));
        return new FeatureTable(out);
    }

    /** How many rows are at the runs' own budgets (the rest are extra points on their curves). */
    public int listedCount() {
        int n = 0;
        for (Row r : rows) if (r.listed()) n++;
        return n;
    }

    /** Only the rows of the runs' own budgets (what scores are computed on). */
    public FeatureTable listedOnly() { return filter(Row::listed); }

    /**
     * A hash of the corpus the table was built from: every run's id, config hash, outcome and
     * confirmation step, in id order. Equal corpora give equal hashes, whatever the row options.
     */
    public String corpusHash() {
        MessageDigest d = Hashing.sha256();
        runs.stream().sorted(Comparator.comparingLong(RunRecord::runId)).forEach(r -> d.update(
                (r.runId() + "|" + r.configHash() + "|" + r.outcome() + "|" + r.confirmStep() + "|" + r.stepsTrained() + "\n").getBytes(StandardCharsets.UTF_8)));
        return Hashing.hex(d);
    }

    // --- Tablesaw ---

    /** The table with human-readable knobs, derived compute, the model features, the label and the run's outcome. */
    public Table table() {
        int n = rows.size();
        LongColumn runId = LongColumn.create("run_id", n);
        StringColumn group = StringColumn.create("group_hash", n);
        StringColumn config = StringColumn.create("config_hash", n);
        StringColumn source = StringColumn.create("source", n);
        IntColumn replica = IntColumn.create("replica", n);
        StringColumn task = StringColumn.create("task", n);
        StringColumn kind = StringColumn.create("task_kind", n);
        DoubleColumn universe = DoubleColumn.create("universe", n);
        IntColumn inputWidth = IntColumn.create("input_width", n);
        IntColumn classes = IntColumn.create("classes", n);
        IntColumn width = IntColumn.create("width", n);
        LongColumn params = LongColumn.create("param_count", n);
        StringColumn activation = StringColumn.create("activation", n);
        StringColumn optimizer = StringColumn.create("optimizer", n);
        DoubleColumn lr = DoubleColumn.create("lr", n);
        DoubleColumn wd = DoubleColumn.create("wd", n);
        IntColumn batch = IntColumn.create("batch", n);
        LongColumn effBatch = LongColumn.create("eff_batch", n);
        LongColumn nTrain = LongColumn.create("n_train", n);
        DoubleColumn examplesPerClass = DoubleColumn.create("examples_per_class", n);
        StringColumn metric = StringColumn.create("metric", n);
        IntColumn evalEvery = IntColumn.create("eval_every", n);
        LongColumn steps = LongColumn.create("steps", n);
        LongColumn budget = LongColumn.create("budget", n);
        IntColumn listed = IntColumn.create("listed_budget", n);
        DoubleColumn stepsXBatch = DoubleColumn.create("steps_x_batch", n);
        DoubleColumn epochs = DoubleColumn.create("epochs", n);
        DoubleColumn flops = DoubleColumn.create("flops", n);
        DoubleColumn decay = DoubleColumn.create("lr_wd_budget", n);
        List<DoubleColumn> feats = new ArrayList<>();
        for (String f : Features.ALL) feats.add(DoubleColumn.create(f, n));
        StringColumn outcome = StringColumn.create("outcome", n);
        LongColumn confirm = LongColumn.create("confirm_step", n);
        LongColumn trained = LongColumn.create("steps_trained", n);
        IntColumn learned = IntColumn.create("learned", n);
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            RunRecord rec = r.run();
            Knobs k = rec.knobs();
            runId.set(i, rec.runId());
            group.set(i, rec.groupHash());
            config.set(i, rec.configHash());
            source.set(i, rec.source());
            replica.set(i, rec.replica());
            task.set(i, k.task());
            kind.set(i, k.taskKind());
            universe.set(i, (double) k.universe());
            inputWidth.set(i, k.inputWidth());
            classes.set(i, k.classes());
            width.set(i, k.width());
            params.set(i, k.paramCount());
            activation.set(i, k.activation().key());
            optimizer.set(i, k.optimizer().key());
            lr.set(i, k.lr());
            wd.set(i, k.wd());
            batch.set(i, k.batch());
            effBatch.set(i, k.effectiveBatch());
            nTrain.set(i, k.nTrain());
            examplesPerClass.set(i, k.examplesPerClass());
            metric.set(i, k.metric().key());
            evalEvery.set(i, rec.evalEvery());
            steps.set(i, rec.steps());
            budget.set(i, r.budget());
            listed.set(i, r.listed() ? 1 : 0);
            stepsXBatch.set(i, (double) r.budget() * k.effectiveBatch());
            epochs.set(i, k.epochs(r.budget()));
            flops.set(i, k.flops(r.budget()));
            decay.set(i, k.decay(r.budget()));
            for (int j = 0; j < feats.size(); j++) feats.get(j).set(i, r.x()[j]);
            outcome.set(i, rec.outcome().name());
            if (rec.confirmStep() != null) confirm.set(i, rec.confirmStep()); else confirm.setMissing(i);
            trained.set(i, rec.stepsTrained());
            learned.set(i, r.learned() ? 1 : 0);
        }
        Table t = Table.create("features", runId, group, config, source, replica, task, kind, universe, inputWidth, classes, width, params,
                activation, optimizer, lr, wd, batch, effBatch, nTrain, examplesPerClass, metric, evalEvery, steps, budget, listed,
                stepsXBatch, epochs, flops, decay);
        for (DoubleColumn c : feats) t.addColumns(c);
        t.addColumns(outcome, confirm, trained, learned);
        return t;
    }

    /** Writes the table as CSV (header row, comma-separated, UTF-8). */
    public void writeCsv(Writer out) throws IOException {
        table().write().csv(CsvWriteOptions.builder(out).build());
        out.flush();
    }
}
