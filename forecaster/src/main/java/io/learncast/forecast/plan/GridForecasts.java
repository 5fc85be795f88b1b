package io.learncast.forecast.plan;

import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Forecasts for every (config, budget) of a sweep: what a researcher reads before spending the
 * compute. Probabilities only (no attribution or neighbours, which cost ~1 ms each), plus the
 * warnings a single forecast has (the task's knob ranges, nearness, and {@code tempered} when the forecast
 * widened beyond the corpus; the nearest distance looked up once per config), since a plan that leaves
 * the corpus deserves a flag on each such row.
 */
public final class GridForecasts {
    private GridForecasts() {}

    /** One row of the plan: the config (seed-free), the budget, the forecast and where it leaves the corpus. */
    public record Row(RunConfig config, long budget, Forecast forecast, List<Forecast.Warning> warnings) {}

    public static List<Row> of(FittedForecaster f, List<RunConfig> configs) {
        List<Row> rows = new ArrayList<>();
        for (RunConfig c : configs) {
            List<Long> budgets = c.budgets().isEmpty() ? List.of(c.steps()) : c.budgets();
            Knobs k = Knobs.of(c);
            double nearest = f.neighbourhood().nearest(k, c.steps(), 1).distance();
            for (long b : budgets) {
                Forecast fc = f.predict(c, b, FittedForecaster.Detail.PROBABILITY);
                // the forecast's own warnings: ranges, nearness, values that never learned and what tempering did beyond the corpus
                rows.add(new Row(c, b, fc, f.warnings(k, b, nearest, fc.p())));
            }
        }
        return rows;
    }

    /** The plan as a Tablesaw table: the knobs a sweep varies, the budget and the forecast. */
    public static Table table(List<Row> rows) {
        StringColumn task = StringColumn.create("task"), act = StringColumn.create("activation"), opt = StringColumn.create("optimizer"),
                hash = StringColumn.create("group_hash"), warn = StringColumn.create("warnings");
        IntColumn depth = IntColumn.create("depth"), width = IntColumn.create("width"), batch = IntColumn.create("batch");
        DoubleColumn lr = DoubleColumn.create("lr"), wd = DoubleColumn.create("wd"), frac = DoubleColumn.create("train_frac"),
                noise = DoubleColumn.create("label_noise"), p = DoubleColumn.create("p"), lo = DoubleColumn.create("p_low"),
                hi = DoubleColumn.create("p_high"), ever = DoubleColumn.create("p_ever"), med = DoubleColumn.create("steps_median"),
                sLo = DoubleColumn.create("steps_low"), sHi = DoubleColumn.create("steps_high");
        IntColumn nTrain = IntColumn.create("n_train");
        LongColumn budget = LongColumn.create("steps");
        for (Row r : rows) {
            RunConfig c = r.config();
            Forecast f = r.forecast();
            task.append(c.task());
            depth.append(c.depth());
            width.append(c.width());
            act.append(c.activation().name().toLowerCase());
            opt.append(c.optimizer().name().toLowerCase());
            lr.append(c.lr());
            wd.append(c.wd());
            batch.append(c.batch());
            if (c.trainFrac() != null) frac.append(c.trainFrac()); else frac.appendMissing();
            if (c.nTrain() != null) nTrain.append(c.nTrain()); else nTrain.appendMissing();
            noise.append(c.labelNoise());
            budget.append(r.budget());
            p.append(f.p());
            lo.append(f.pLow());
            hi.append(f.pHigh());
            ever.append(f.pEver());
            appendOrMissing(med, f.stepsMedian());
            appendOrMissing(sLo, f.stepsLow());
            appendOrMissing(sHi, f.stepsHigh());
            hash.append(c.groupHash());
            warn.append(String.join("; ", r.warnings().stream().map(Forecast.Warning::message).toList()));
        }
        return Table.create("plan", task, depth, width, act, opt, lr, wd, batch, frac, nTrain, noise, budget, p, lo, hi, ever, med, sLo, sHi, hash, warn);
    }

    public static void writeCsv(List<Row> rows, Writer out) {
        table(rows).write().csv(CsvWriteOptions.builder(out).build());
    }

    private static void appendOrMissing(DoubleColumn c, Double v) {
        if (v == null) c.appendMissing(); else c.append(v);
    }
}
