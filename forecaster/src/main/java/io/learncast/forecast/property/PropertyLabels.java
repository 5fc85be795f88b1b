package io.learncast.forecast.property;

import io.learncast.farm.config.TargetConfig;
import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.data.property.CurveLabel;
import io.learncast.data.property.CurveLabeller;
import io.learncast.data.property.CurveMetric;
import io.learncast.data.property.CurveProperty;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A corpus labelled for one property read off the curves. Each finished run becomes a
 * {@link RunRecord} whose label, outcome, confirmation step and steps trained are the property's
 * (so the feature table, the model search, the censored steps-to-learn model and eval all work
 * unchanged), and whose training-property knobs are set to one constant (the property asked about is
 * the same for every row; what the run happened to be trained for is not a feature of it).
 *
 * <p>A curve that ends before the property is decided leaves the label <em>censored</em> beyond its
 * last step: the row is dropped from the table and from scoring, and the steps-to-learn model treats
 * it as right-censored there — never as "not learned".
 *
 * <p>Labels are kept in the store per property and run ({@link io.learncast.farm.store.LabelCache}, keyed by
 * the property's canonical text and the run's claim count, so a resumed run is labelled again), and in this
 * process: each curve is read and labelled once per property, by the first query that needs it (lazily — a
 * worker does not know which properties will be asked); every later query, in any process, reads the
 * labels, and labels only the runs that finished since.
 */
public final class PropertyLabels {
    /** The fewest labelled runs a forecast or an evaluation of a property needs. */
    public static final int MIN_LABELLED = 10;
    /**
     * The labelling rules' version, kept with each stored label: raise it whenever {@code CurveLabeller} (or
     * {@link #label}) would read a curve differently, and every stored label is computed afresh.
     */
    static final int LABELLER_VERSION = 1;

    private static final Map<String, CurveLabel> CACHE = new ConcurrentHashMap<>();

    private final CurveProperty property;
    private final Map<Long, CurveLabel> labels;
    private final Map<Long, RunRecord> records;
    private final Census census;

    private PropertyLabels(CurveProperty property, Map<Long, CurveLabel> labels, Map<Long, RunRecord> records, Census census) {
        this.property = property;
        this.labels = labels;
        this.records = records;
        this.census = census;
    }

    /** The store's finished runs labelled for {@code property}. */
    public static PropertyLabels load(Store store, CurveProperty property) {
        return load(store, property, store.catalog().runs(RunFilter.done()));
    }

    /** {@code runs} (finished ones are used) labelled for {@code property}; curves not cached yet are read from the store. */
    public static PropertyLabels load(Store store, CurveProperty property, List<StoredRun> runs) {
        String prefix = store.location().jdbcUrl() + "|" + property.key() + "|";
        Map<Long, CurveLabel> known = new HashMap<>();
        List<StoredRun> missing = new ArrayList<>();
        for (StoredRun r : runs) {
            if (r.state() != RunState.DONE || r.outcome() == null) continue;
            CurveLabel l = CACHE.get(prefix + cacheKey(r));
            if (l != null) known.put(r.id(), l);
            else missing.add(r);
        }
        boolean kept = storedLabels();
        if (!missing.isEmpty()) {
            // labels other processes (or earlier ones) stored; then the runs nobody labelled yet, from their curves
            Map<Long, CurveLabel> stored = kept ? store.labels().read(property.key(), LABELLER_VERSION, missing) : Map.of();
            List<StoredRun> unlabelled = new ArrayList<>();
            for (StoredRun r : missing) {
                CurveLabel l = stored.get(r.id());
                if (l == null) {
                    unlabelled.add(r);
                    continue;
                }
                known.put(r.id(), l);
                CACHE.put(prefix + cacheKey(r), l);
            }
            for (int from = 0; from < unlabelled.size(); from += 500) {
                List<StoredRun> chunk = unlabelled.subList(from, Math.min(unlabelled.size(), from + 500));
                Map<Long, List<CurvePoint>> curves = store.catalog().curves(chunk.stream().map(StoredRun::id).toList());
                Map<StoredRun, CurveLabel> fresh = new LinkedHashMap<>();
                for (StoredRun r : chunk) {
                    CurveLabel l = label(property, r, curves.getOrDefault(r.id(), List.of()));
                    known.put(r.id(), l);
                    CACHE.put(prefix + cacheKey(r), l);
                    fresh.put(r, l);
                }
                if (kept) keep(store, property, fresh);
            }
        }
        boolean recorded = runs.isEmpty() || metricRecorded(store, property, runs);
        return of(property, runs, known::get, recorded);
    }

    /**
     * {@code LEARNCAST_STORED_LABELS=off}: every query labels the runs from their curves and keeps nothing in the store
     * (as before labels were stored: {@code bench/property-labels} measures the difference; or a read-only store).
     */
    static boolean storedLabels() {
        String v = System.getenv("LEARNCAST_STORED_LABELS");
        if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("on")) return true;
        if (v.trim().equalsIgnoreCase("off")) return false;
        throw new UserError("LEARNCAST_STORED_LABELS", "unknown value '" + v + "'",
                "on (the default: curve labels are kept in the store) or off (every query labels the runs from their curves)");
    }

    /**
     * Stores fresh labels for the next query. A cache: when the write fails (a read-only role, another process
     * writing the same labels at the same moment) the answer is the same, and the next query labels them again.
     */
    private static void keep(Store store, CurveProperty property, Map<StoredRun, CurveLabel> fresh) {
        try {
            store.labels().write(property.key(), LABELLER_VERSION, fresh);
        } catch (io.learncast.farm.store.StoreFullException e) {
            throw e; // a full disk is the store's outage, not a cache miss
        } catch (io.learncast.farm.store.StoreException e) {
            // not kept: the labels in hand are right, and the next query computes them again
        }
    }

    /** Labels {@code runs} from their curves ({@code curves} by run id; tests and synthetic corpora). */
    public static PropertyLabels of(CurveProperty property, Collection<StoredRun> runs, Map<Long, List<CurvePoint>> curves) {
        Map<Long, CurveLabel> known = new HashMap<>();
        boolean recorded = false;
        for (StoredRun r : runs) {
            if (r.state() != RunState.DONE || r.outcome() == null) continue;
            List<CurvePoint> c = curves.getOrDefault(r.id(), List.of());
            known.put(r.id(), label(property, r, c));
            recorded |= recorded(property, c);
        }
        return of(property, runs, known::get, recorded || runs.isEmpty());
    }

    private static PropertyLabels of(CurveProperty property, Collection<StoredRun> runs, Function<Long, CurveLabel> labelOf, boolean recorded) {
        Map<Long, CurveLabel> labels = new LinkedHashMap<>();
        Map<Long, RunRecord> records = new LinkedHashMap<>();
        int n = 0, labelled = 0, censored = 0, pos = 0, neg = 0;
        for (StoredRun r : runs) {
            if (r.state() != RunState.DONE || r.outcome() == null) continue;
            n++;
            CurveLabel l = labelOf.apply(r.id());
            labels.put(r.id(), l);
            RunRecord rec = record(property, r, l);
            records.put(r.id(), rec);
            boolean any = false;
            for (long b : rec.budgets()) any |= l.within(b) != null;
            if (!any) {
                censored++;
                continue;
            }
            labelled++;
            Boolean atEnd = l.within(r.config().steps());
            if (Boolean.TRUE.equals(atEnd)) pos++;
            else if (Boolean.FALSE.equals(atEnd)) neg++;
        }
        return new PropertyLabels(property, labels, records, new Census(property.key(), n, labelled, censored, pos, neg, recorded));
    }

    /** Forgets this process's labels, as a new process would start (tests of the stored ones). */
    static void forgetInProcess() { CACHE.clear(); }

    private static String cacheKey(StoredRun r) { return r.id() + "@" + r.finishedAt() + "#" + r.claims(); }

    /** The label of one stored run, from its curve. */
    public static CurveLabel label(CurveProperty property, StoredRun r, List<CurvePoint> curve) {
        boolean diverged = r.outcome() == Outcome.DIVERGED || (!curve.isEmpty() && CurveLabeller.diverged(curve.get(curve.size() - 1)));
        return CurveLabeller.label(property, curve, diverged, r.numClasses());
    }

    private static boolean metricRecorded(Store store, CurveProperty property, List<StoredRun> runs) {
        // one finished run's curve is enough to know whether the trainers record the metric at all
        for (StoredRun r : runs) {
            if (r.state() != RunState.DONE) continue;
            if (recorded(property, store.catalog().curve(r.id()))) return true;
        }
        return false;
    }

    private static boolean recorded(CurveProperty property, List<CurvePoint> curve) {
        for (CurvePoint p : curve) {
            boolean all = true;
            for (CurveMetric m : property.metrics()) all &= Double.isFinite(m.value(p));
            if (all) return true;
        }
        return false;
    }

    /** The run as the forecaster sees it for this property (see the class comment). */
    static RunRecord record(CurveProperty property, StoredRun r, CurveLabel l) {
        RunRecord base = FeatureTable.record(r);
        RunConfig c = normalise(base.config(), property);
        Knobs k = normalise(base.knobs(), property);
        Outcome outcome = l.eventStep() != null ? Outcome.LEARNED : l.never() ? Outcome.DIVERGED : Outcome.NOT_LEARNED;
        if (!property.monotone()) outcome = l.never() ? Outcome.DIVERGED : Outcome.NOT_LEARNED;
        // the listed budgets, kept to those the curve can answer, plus its own budget (dropped from the table when censored)
        TreeSet<Long> budgets = new TreeSet<>(base.budgets());
        return new RunRecord(r.id(), r.groupHash(), r.configHash(), r.source(), c.replica(), c, k, outcome, l.eventStep(), l.observedTo(),
                c.steps(), c.evalEvery(), List.copyOf(budgets), l);
    }

    /** The hold a property's label is confirmed over (the steps-to-learn model's offset). */
    static int hold(CurveProperty p) {
        if (p instanceof CurveProperty.Threshold t) return t.hold();
        if (p instanceof CurveProperty.Grokking g) return g.hold();
        return ((CurveProperty.Memorisation) p).hold();
    }

    /** A config with its training property replaced by the constant every row of this property's table has. */
    public static RunConfig normalise(RunConfig c, CurveProperty property) {
        return c.with(new TargetConfig(c.task(), Metric.TEST_ACC, io.learncast.data.Property.DEFAULT_THRESHOLD, hold(property)));
    }

    static Knobs normalise(Knobs k, CurveProperty property) {
        return k.withProperty(Metric.TEST_ACC, io.learncast.data.Property.DEFAULT_THRESHOLD, hold(property));
    }

    public CurveProperty property() { return property; }

    public Census census() { return census; }

    /** The label of a finished run, or null when the run is not in this corpus. */
    public CurveLabel label(long runId) { return labels.get(runId); }

    /** The relabelled record of a finished run, or null. */
    public RunRecord record(long runId) { return records.get(runId); }

    /** The relabelled records of {@code runs} (those in this corpus), for feature tables of eval folds. */
    public List<RunRecord> records(Collection<StoredRun> runs) {
        List<RunRecord> out = new ArrayList<>();
        for (StoredRun r : runs) {
            RunRecord rec = records.get(r.id());
            if (rec != null) out.add(rec);
        }
        return out;
    }

    public List<RunRecord> records() { return List.copyOf(records.values()); }

    /**
     * This corpus, or a user error (exit 2) saying why it cannot answer for the property: no finished
     * runs, the metric not recorded, every label censored, fewer than {@code min} labelled runs, or
     * every labelled run alike.
     */
    public PropertyLabels require(int min, String where) {
        Census c = census;
        String p = property.key();
        if (c.runs() == 0) throw new UserError(where, "the store has no finished runs to label " + p, "train some first: `learncast farm enqueue grids/…` then `learncast farm run --to-budget`");
        if (!c.metricRecorded()) {
            throw new UserError(where, "no stored curve records " + property.metrics().stream().map(CurveMetric::key).reduce((a, b) -> a + " and " + b).orElse("its metric")
                    + ", so the corpus cannot label " + p, "choose a metric the curves record: train_acc, test_acc, train_loss, test_loss, weight_norm");
        }
        if (c.labelled() == 0) {
            throw new UserError(where, "every one of the " + c.runs() + " runs is censored for " + p + ": each curve ends before the property is decided "
                    + "(runs stop when the property they were trained for is confirmed)", "train a corpus to its full budgets: `learncast farm run --to-budget`");
        }
        if (c.labelled() < min) {
            throw new UserError(where, "only " + c.labelled() + " of " + c.runs() + " runs can be labelled for " + p + " (" + c.censored()
                    + " censored); a forecast needs at least " + min, "train more runs to their full budgets (`learncast farm run --to-budget`)");
        }
        if (c.positive() == 0 || c.negative() == 0) {
            throw new UserError(where, "all " + c.labelled() + " labelled runs " + (c.positive() == 0 ? "lack" : "have") + " " + p
                    + " at their budgets, so there is nothing to tell apart", "train configs on both sides of the property (see grids/grokking-phenomena.yaml)");
        }
        return this;
    }

    @Override
    public String toString() { return property.key() + "|" + census.labelled() + "/" + census.runs(); }
}
