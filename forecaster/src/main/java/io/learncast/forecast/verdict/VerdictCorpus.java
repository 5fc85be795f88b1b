package io.learncast.forecast.verdict;

import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.SweepStatus;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The verdict's rows from a store: its finished runs with their curves (and the sweep each came from). */
public final class VerdictCorpus {
    private VerdictCorpus() {}

    private static final int CHUNK = 500;

    /** A store's finished runs, their curves, and each run's sweep ("sweep #3 name", or "source NAME" for imported runs). */
    public record Loaded(List<RunRecord> records, Map<Long, List<CurvePoint>> curves, Map<Long, String> sweepOf) {
        public VerdictRows rows() { return VerdictRows.build(records, curves, VerdictRows.FRACTIONS); }
    }

    /** What a leave-one-out evaluation holds out together. */
    public enum LeaveOut {
        /** The task kind: modadd, modsub, sparse-parity, … */
        TASK("task"),
        /** The task with its parameters (p for modular arithmetic, n and k for parities): modadd:p=23 and modadd:p=47 differ. */
        P("p"),
        /** The sweep (grid) a run was enqueued by; imported runs by their source. */
        SWEEP("sweep");

        private final String key;

        LeaveOut(String key) { this.key = key; }

        public String key() { return key; }

        public Function<RunRecord, String> of(Loaded corpus) {
            return switch (this) {
                case TASK -> r -> r.knobs().taskKind();
                case P -> r -> r.config().task();
                case SWEEP -> r -> corpus.sweepOf().getOrDefault(r.runId(), "source " + r.source());
            };
        }

        public static LeaveOut parse(String s, String where) {
            for (LeaveOut l : values()) if (l.key.equals(s.toLowerCase(Locale.ROOT))) return l;
            throw new UserError(where, "cannot leave out '" + s + "'", "one of: task (the task kind), p (the task's parameters), sweep");
        }
    }

    public static VerdictRows rows(Store store) {
        return load(store).rows();
    }

    public static Loaded load(Store store) {
        Map<Long, String> sweepNames = new HashMap<>();
        for (SweepStatus s : store.catalog().sweeps()) sweepNames.put(s.id(), "sweep #" + s.id() + " " + s.name());
        List<RunRecord> runs = new ArrayList<>();
        Map<Long, String> sweepOf = new HashMap<>();
        store.catalog().stream(RunFilter.done(), r -> {
            RunRecord rec = FeatureTable.record(r);
            if (rec == null) return;
            runs.add(rec);
            if (r.sweepId() != null) sweepOf.put(r.id(), sweepNames.getOrDefault(r.sweepId(), "sweep #" + r.sweepId()));
        });
        Map<Long, List<CurvePoint>> curves = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (RunRecord r : runs) {
            ids.add(r.runId());
            if (ids.size() == CHUNK) {
                curves.putAll(store.catalog().curves(ids));
                ids.clear();
            }
        }
        if (!ids.isEmpty()) curves.putAll(store.catalog().curves(ids));
        return new Loaded(runs, curves, sweepOf);
    }
}
