package io.learncast.eval.report.sections;

import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.split.RunField;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.StoredRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the corpus holds: per task, runs, configs, outcomes, seeds, budgets, sources and the knobs it varies. */
public final class CorpusSection implements ReportSection {
    /** Which knobs a phase diagram prefers as axes when they vary alike: data, then the optimiser, then the network. */
    private static final List<Knob.Group> PREFERENCE = List.of(Knob.Group.DATA, Knob.Group.OPTIMISER, Knob.Group.MODEL, Knob.Group.PROPERTY,
            Knob.Group.BUDGET);

    /** The knobs a summary (and a phase diagram) looks at: the catalogue's grid axes that runs can be selected on, in order of preference as diagram axes. */
    static final List<String> KNOBS = KnobCatalogue.specAxes().stream().filter(Knob::split)
            .sorted(java.util.Comparator.comparingInt((Knob<?> k) -> PREFERENCE.indexOf(k.group()))).map(Knob::key).toList();

    @Override public String id() { return "corpus"; }

    @Override public String title() { return "Corpus"; }

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        List<StoredRun> runs = ctx.finishedRuns();
        if (runs.isEmpty()) {
            report.paragraph("The store holds no finished runs yet: run learncast quickstart, or enqueue a grid and run the farm.");
            return;
        }
        long learned = runs.stream().filter(StoredRun::learned).count();
        report.paragraph(runs.size() + " finished runs in " + configs(runs) + " configs, " + Fmt.pct(learned / (double) runs.size())
                + " of them learned their property within their own step budget.");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<StoredRun>> e : byTask(runs).entrySet()) {
            List<StoredRun> rs = e.getValue();
            StoredRun first = rs.get(0);
            Map<Outcome, Long> o = rs.stream().collect(Collectors.groupingBy(StoredRun::outcome, Collectors.counting()));
            rows.add(List.of(e.getKey(), property(first), String.valueOf(rs.size()), String.valueOf(configs(rs)),
                    String.valueOf(o.getOrDefault(Outcome.LEARNED, 0L)), String.valueOf(o.getOrDefault(Outcome.NOT_LEARNED, 0L)),
                    String.valueOf(o.getOrDefault(Outcome.DIVERGED, 0L)), String.valueOf(o.getOrDefault(Outcome.STOPPED_EARLY, 0L)),
                    seeds(rs), budgets(rs), rs.stream().map(StoredRun::source).distinct().sorted().collect(Collectors.joining(", ")), varied(rs)));
        }
        report.table(List.of("task", "property", "runs", "configs", "learned", "not learned", "diverged", "stopped early", "seeds per config",
                "budgets", "sources", "knobs varied (distinct values)"), rows);
    }

    static Map<String, List<StoredRun>> byTask(List<StoredRun> runs) {
        Map<String, List<StoredRun>> m = new LinkedHashMap<>();
        for (StoredRun r : runs) m.computeIfAbsent(r.config().task(), k -> new ArrayList<>()).add(r);
        return m;
    }

    static long configs(List<StoredRun> runs) { return runs.stream().map(StoredRun::groupHash).distinct().count(); }

    private static String property(StoredRun r) {
        return r.config().metric().key() + " ≥ " + Fmt.num(r.config().threshold());
    }

    private static String seeds(List<StoredRun> rs) {
        Map<String, Long> per = rs.stream().collect(Collectors.groupingBy(StoredRun::groupHash, Collectors.counting()));
        long lo = per.values().stream().mapToLong(Long::longValue).min().orElse(0), hi = per.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return lo == hi ? String.valueOf(lo) : lo + "–" + hi;
    }

    private static String budgets(List<StoredRun> rs) {
        TreeSet<Long> b = new TreeSet<>();
        for (StoredRun r : rs) b.addAll(r.config().budgets() == null ? List.of((long) r.config().steps()) : r.config().budgets());
        return b.size() <= 6 ? b.stream().map(String::valueOf).collect(Collectors.joining(", ")) : b.first() + "–" + b.last() + " (" + b.size() + ")";
    }

    /** The knobs with more than one value among the runs, with their distinct counts. */
    static Map<String, Integer> variedKnobs(List<StoredRun> rs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k : KNOBS) {
            long n = rs.stream().map(r -> String.valueOf(RunField.value(r, k, "report"))).distinct().count();
            if (n > 1) m.put(k, (int) n);
        }
        // a finite task's training-set size follows from its fraction: one knob, not two
        if (m.containsKey("train_frac")) m.remove("n_train");
        return m;
    }

    private static String varied(List<StoredRun> rs) {
        Map<String, Integer> m = variedKnobs(rs);
        return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }
}
