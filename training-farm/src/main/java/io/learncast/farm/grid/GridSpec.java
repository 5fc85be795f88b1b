package io.learncast.farm.grid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;

import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A sweep described in a file: a property, axes over size, hyperparameters and data, step budgets,
 * replicas and a sampling rule. {@link #read(Path)} validates it completely (nothing is written for a
 * bad spec); {@link #expand()} turns it into run configs.
 *
 * <p>Budgets are not separate trainings: every config trains once to its largest budget, and whether
 * it learned within each smaller budget is read off its curve (the budgets are recorded in
 * {@link RunConfig#budgets()} and are multiples of {@code evalEvery}, so each falls on an evaluation).
 *
 * <pre>
 * name: modadd-grokking
 * property: {task: modadd:p=23, metric: test_acc, threshold: 0.95, hold: 1}
 * axes:
 *   width: {log: [16, 256], n: 5}
 *   wd: [0, 0.3, 1]
 *   train_frac: {lin: [0.3, 0.8], n: 6}
 *   batch: [full]
 *   budgets: [1000, 2000, 4000]
 * seeds: 2
 * eval_every: 100
 * sampling: grid            # or {random: n}, {sobol: n}, {lhs: n}
 * to_budget: true           # optional: train to the full budget past the confirmation
 * </pre>
 *
 * @param axes the task axis first, then the axes the spec gives, in catalogue order; fields not
 *             given keep {@code learncast train}'s defaults (the training set: half of a finite task's
 *             examples, or 1000 examples of a sampled one)
 * @param toBudget the sweep's runs train to their largest budget past the confirmation of the property
 *                 (a corpus meant to answer many properties, as {@code farm run --to-budget}); kept with the
 *                 sweep, not in the configs: it changes no config's identity or group
 * @param text the spec as written, kept with the sweep for provenance (not part of its identity)
 */
public record GridSpec(String name, Metric metric, double threshold, int hold, List<Axis> axes, List<Long> budgets,
                       int seeds, int evalEvery, long masterSeed, Sampling sampling, boolean toBudget, String text) {

    /** No spec expands to more runs than this (each run is a row, and the expansion is held in memory). */
    public static final int MAX_RUNS = 250_000;
    public static final int MAX_SEEDS = 1000;
    static final long MAX_FILE_BYTES = 1 << 20;
    /** Sampling gives up looking for distinct configs after this many draws per config asked for. */
    private static final int DRAWS_PER_CONFIG = 200;

    public GridSpec {
        axes = List.copyOf(axes);
        budgets = List.copyOf(budgets);
    }

    /**
     * Reads and validates a YAML or JSON spec file (JSON when the name ends in .json). Errors are located
     * at {@code FILE: PATH}, e.g. {@code grids/modadd.yaml: axes.width[2]}.
     */
    public static GridSpec read(Path file) { return read(file, true); }

    /**
     * Reads a spec as a search space (for {@link SearchSpace}): as {@link #read(Path)}, except that
     * continuous ranges need no sampling rule.
     */
    public static GridSpec readSpace(Path file) { return read(file, false); }

    private static GridSpec read(Path file, boolean enumerable) {
        String where = file.toString();
        if (!Files.isRegularFile(file)) throw new UserError(where, "no such spec file", "give the path of a .yaml or .json grid spec (examples in grids/)");
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) throw new UserError(where, "the spec file is larger than 1 MB", "a grid spec is a short YAML or JSON file");
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new UserError(where, "the spec file is not UTF-8 text", "save it as UTF-8 YAML or JSON");
        } catch (IOException e) {
            throw new UserError(where, "cannot read the spec file (" + e.getMessage() + ")", "check the path and its permissions");
        }
        String fileName = file.getFileName().toString();
        String stem = fileName.replaceFirst("(?i)\\.(ya?ml|json)$", "");
        try {
            return SpecParser.parse(SpecParser.tree(text, fileName.toLowerCase(Locale.ROOT).endsWith(".json")), stem.isBlank() ? "grid" : stem, text, enumerable);
        } catch (UserError e) {
            // like a compiler: the file, then the field's path (axes.width[2]) or the line
            throw e.relocate(e.where() == null || e.where().isBlank() ? where : where + ": " + e.where());
        }
    }

    /** Parses spec text as a search space: continuous ranges need no sampling rule. */
    public static GridSpec parseSpace(String text, String defaultName, boolean json) {
        return SpecParser.parse(SpecParser.tree(text, json), defaultName, text, false);
    }

    /** Parses and validates spec text (YAML, or JSON when {@code json}); {@code defaultName} names it unless it has a name. */
    public static GridSpec parse(String text, String defaultName, boolean json) {
        return SpecParser.parse(SpecParser.tree(text, json), defaultName, text);
    }

    public Optional<Axis> axis(Knob<?> f) {
        return axes.stream().filter(a -> a.field() == f).findFirst();
    }

    public List<String> tasks() {
        return axis(KnobCatalogue.TASK).orElseThrow().levels().stream().map(String::valueOf).toList();
    }

    /** The step budget every config is trained to: the largest budget. */
    public long steps() { return budgets.get(budgets.size() - 1); }

    /** The property of the first task (every task shares metric, threshold and hold). */
    public Property property() { return new Property(TaskSpec.parse(tasks().get(0), "property.task"), metric, threshold, hold); }

    /**
     * The spec as plain data: what identifies it, whatever its formatting, comments or format. Keys are written in
     * alphabetical order (as the map this replaced was), so spec hashes of sweeps already stored do not change.
     *
     * @param axes     by axis key (and {@code budgets}): the axis's levels or its range, as a spec writes them (keys are the spec's)
     * @param sampling {@code grid} or {@code {method: n}}
     * @param toBudget only when set: specs written before the field keep their hash
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Canonical(@JsonProperty("name") String name, @JsonProperty("property") CanonicalProperty property,
                            @JsonProperty("axes") Map<String, Object> axes, @JsonProperty("seeds") int seeds,
                            @JsonProperty("eval_every") int evalEvery, @JsonProperty("master_seed") long masterSeed,
                            @JsonProperty("sampling") Object sampling, @JsonProperty("to_budget") Boolean toBudget) {}

    @JsonPropertyOrder(alphabetic = true)
    public record CanonicalProperty(@JsonProperty("metric") String metric, @JsonProperty("threshold") double threshold, @JsonProperty("hold") int hold) {}

    public Canonical canonical() {
        Map<String, Object> ax = new LinkedHashMap<>();
        for (Axis a : axes) ax.put(a.field().key(), a.canonical());
        ax.put("budgets", budgets);
        return new Canonical(name, new CanonicalProperty(metric.key(), threshold, hold), ax, seeds, evalEvery, masterSeed, sampling.canonical(),
                toBudget ? true : null);
    }

    /** SHA-256 of the canonical spec: enqueueing an equivalent spec again finds the same sweep. */
    public String specHash() { return Hashing.sha256Hex("grid-v1|" + ConfigJson.write(canonical())); }

    /** How many distinct configs the axes allow (infinite when a real-valued axis is continuous). */
    double distinctConfigs() {
        double n = 1;
        for (Axis a : axes) {
            if (a.discrete()) n *= a.levels().size();
            else if (a.field().type() == Knob.Type.INT) {
                Axis.Range r = (Axis.Range) a;
                n *= Math.round(r.high()) - Math.round(r.low()) + 1;
            } else return Double.POSITIVE_INFINITY;
        }
        return n;
    }

    double runCountEstimate() {
        return (sampling.grid() ? distinctConfigs() : sampling.n()) * seeds;
    }

    /** The number of runs {@link #expand()} gives: configs × seeds. */
    public long runCount() { return (long) runCountEstimate(); }

    /** The number of distinct configs (points of the grid or the sample), before replicas. */
    public long configCount() { return sampling.grid() ? (long) distinctConfigs() : sampling.n(); }

    /** Every run: each config (point) with its replicas 0..seeds−1, seeds derived from the master seed. */
    public List<RunConfig> expand() {
        List<RunConfig> configs = configs();
        List<RunConfig> out = new ArrayList<>(configs.size() * seeds);
        for (RunConfig c : configs) {
            for (int r = 0; r < seeds; r++) out.add(c.withReplica(masterSeed, r));
        }
        return out;
    }

    /** One config per point (replica 0): what a forecaster scores the grid on. */
    public List<RunConfig> configs() {
        Map<String, Long> universes = new HashMap<>();
        for (String t : tasks()) universes.put(t, TaskCatalog.create(TaskSpec.parse(t, "property.task"), 0L, "property.task").universeSize());
        List<RunConfig> out = new ArrayList<>();
        for (Map<Knob<?>, Object> p : points()) {
            try {
                out.add(config(p, universes));
            } catch (UserError e) {
                throw new UserError("axes", "the combination " + describe(p) + " is impossible: " + e.what(), e.hint());
            }
        }
        return out;
    }

    /** Spec-wide knobs (property, budget) with no axes set: what every config of the spec starts from. */
    KnobValues base() {
        return KnobValues.empty().with(KnobCatalogue.METRIC, metric).with(KnobCatalogue.THRESHOLD, threshold).with(KnobCatalogue.HOLD, hold)
                .with(KnobCatalogue.STEPS, steps()).with(KnobCatalogue.EVAL_EVERY, evalEvery);
    }

    /** The config (replica 0) at one point; defaults as {@code learncast train} has them. */
    RunConfig config(Map<Knob<?>, Object> point, Map<String, Long> universes) {
        KnobValues v = base();
        for (Map.Entry<Knob<?>, Object> e : point.entrySet()) v = v.set(e.getKey(), e.getValue(), Axis.path(e.getKey()));
        return RunConfig.from(v, universes::get, budgets, 0, 0).withReplica(masterSeed, 0);
    }

    /** The points of the grid or sample, as axis → value, in expansion order. */
    public List<Map<Knob<?>, Object>> points() {
        return sampling.grid() ? product() : sample();
    }

    private List<Map<Knob<?>, Object>> product() {
        List<Map<Knob<?>, Object>> out = new ArrayList<>();
        int[] idx = new int[axes.size()];
        List<List<Object>> levels = axes.stream().map(Axis::levels).toList();
        while (true) {
            Map<Knob<?>, Object> p = new LinkedHashMap<>();
            for (int i = 0; i < axes.size(); i++) p.put(axes.get(i).field(), levels.get(i).get(idx[i]));
            out.add(p);
            int i = axes.size() - 1;
            while (i >= 0 && ++idx[i] == levels.get(i).size()) idx[i--] = 0;
            if (i < 0) return out;
        }
    }

    private List<Map<Knob<?>, Object>> sample() {
        List<Axis> varying = axes.stream().filter(Axis::varies).toList();
        UnitSampler gen = UnitSampler.of(sampling, varying.size(), Seeds.derive(masterSeed, "grid-sampling:" + sampling.method().key()));
        LinkedHashSet<Map<Knob<?>, Object>> out = new LinkedHashSet<>();
        long draws = (long) DRAWS_PER_CONFIG * sampling.n() + 1000;
        for (long d = 0; d < draws && out.size() < sampling.n(); d++) {
            double[] u = gen.next();
            Map<Knob<?>, Object> p = new LinkedHashMap<>();
            int j = 0;
            for (Axis a : axes) p.put(a.field(), a.varies() ? a.at(u[j++]) : a.at(0));
            out.add(p);
        }
        if (out.size() < sampling.n()) {
            throw new UserError("sampling." + sampling.method().key(), "found only " + out.size() + " distinct configs in " + draws + " draws",
                    "lower n, or give the axes more values");
        }
        return List.copyOf(out);
    }

    static String describe(Map<Knob<?>, Object> p) {
        return p.entrySet().stream().map(e -> e.getKey().key() + "=" + Axis.show(e.getKey(), e.getValue())).collect(Collectors.joining(" "));
    }

    /** A few lines for people: property, axes, budgets, sampling and counts. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("property: " + (tasks().size() == 1 ? property().describe()
                : String.join(", ", tasks()) + ": " + metric.label() + (metric.higherIsBetter() ? " ≥ " : " ≤ ") + threshold));
        List<String> ax = new ArrayList<>();
        for (Axis a : axes) {
            if (a.field() == KnobCatalogue.TASK && tasks().size() == 1) continue;
            if (a.discrete()) ax.add(a.field().key() + " " + String.join(", ", Axis.show(a)));
            else {
                Axis.Range r = (Axis.Range) a;
                ax.add(a.field().key() + " " + (r.log() ? "log-uniform" : "uniform") + " in [" + Axis.show(r.low()) + ", " + Axis.show(r.high()) + "]");
            }
        }
        out.add("axes: " + (ax.isEmpty() ? "(none: one config)" : String.join(" · ", ax)));
        out.add("budgets: " + budgets.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + (budgets.size() > 1 ? " (each config trains once to " + steps() + " steps; " : " (") + "evaluated every " + evalEvery + ")");
        out.add("sampling: " + sampling.describe() + " → " + configCount() + " configs × " + seeds + (seeds == 1 ? " seed" : " seeds")
                + " = " + runCount() + " runs");
        if (toBudget) out.add("to budget: every run trains to " + steps() + " steps past its confirmation (to_budget: true)");
        return out;
    }
}
