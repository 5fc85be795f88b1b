package io.learncast.farm.grid;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads and validates a grid spec. Every problem becomes a {@link UserError} located at the field's
 * path ({@code axes.width[2]}, {@code axes.lr.log}, {@code sampling.sobol}) with what is allowed there;
 * values are checked by the same rules as {@link RunConfig}, {@code DataSpec} and {@code TaskCatalog}.
 */
final class SpecParser {
    static final List<String> ROOT_KEYS = List.of("name", "property", "axes", "seeds", "eval_every", "master_seed", "sampling", "to_budget");
    static final List<String> PROPERTY_KEYS = List.of("task", "metric", "threshold", "hold");
    static final List<String> RANGE_KEYS = List.of("log", "lin", "n");
    static final List<String> SAMPLING_KEYS = List.of("random", "sobol", "lhs");
    static final String SAMPLING_ALLOWED = "grid, {random: n}, {sobol: n} or {lhs: n}";
    /** Universes larger than this cannot be split by a fraction (as {@code Datasets}): use n_train. */
    static final long FRACTION_MAX_UNIVERSE = 1L << 22;
    static final long MAX_TRAIN = 5_000_000;
    static final int DEFAULT_BUDGET = 3000;
    static final int MAX_RANGE_N = 10_000;

    /** One document, no duplicate keys, nothing after it: a second YAML document or trailing text is refused, never ignored. */
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private SpecParser() {}

    static JsonNode tree(String text, boolean json) {
        try {
            JsonNode root = (json ? JSON : YAML).readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new UserError("spec", "the spec is empty", "give at least property.task; see grids/ for examples");
            }
            return root;
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            if (e.getOriginalMessage() == null || !e.getOriginalMessage().contains("Trailing token")) throw syntax(e, json);
            JsonLocation at = e.getLocation();
            String where = at == null ? "spec" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UserError(where, json ? "text after the end of the JSON spec" : "a second YAML document or text after the end of the spec",
                    "a spec is one " + (json ? "JSON object" : "YAML document") + "; remove what follows it, or put each sweep in its own file");
        } catch (JsonProcessingException e) {
            throw syntax(e, json);
        }
    }

    private static UserError syntax(JsonProcessingException e, boolean json) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "spec" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        String msg = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().strip().split("\n")[0];
        return new UserError(where, "not valid " + (json ? "JSON" : "YAML") + ": " + msg, "fix the syntax; see grids/ for examples");
    }

    static GridSpec parse(JsonNode root, String defaultName, String text) {
        return parse(root, defaultName, text, true);
    }

    /** As {@link #parse(JsonNode, String, String)}; without {@code enumerable}, continuous ranges need no sampling (a search space). */
    static GridSpec parse(JsonNode root, String defaultName, String text, boolean enumerable) {
        SpecNode spec = new SpecNode(root, "").object("a mapping with property and axes", ROOT_KEYS);

        String name = defaultName;
        SpecNode nameNode = spec.get("name");
        if (nameNode != null) name = nameNode.text("a short name for the sweep, e.g. modadd-grokking");
        if (name.length() > 200) throw new UserError("name", "the name is " + name.length() + " characters long", "at most 200 characters");

        // property: the task(s), metric, threshold and hold
        SpecNode prop = spec.get("property");
        if (prop == null) throw new UserError("property", "missing", "give property.task, e.g. property: {task: modadd:p=97}");
        prop.object("a mapping with task, metric, threshold, hold", PROPERTY_KEYS);
        SpecNode taskNode = prop.get("task");
        if (taskNode == null) throw new UserError("property.task", "missing", "a task such as modadd:p=97, or a list of tasks (run `learncast tasks`)");
        Map<String, Long> universes = new LinkedHashMap<>();
        List<Object> tasks = new ArrayList<>();
        List<SpecNode> taskItems = listItems(taskNode, KnobCatalogue.TASK);
        for (SpecNode t : taskItems) {
            if (taskItems.size() > 1 && t.node().isTextual() && t.node().asText().matches("\\s*[A-Za-z_]+\\s*=.*")) {
                throw new UserError(t.path(), "'" + t.node().asText().trim() + "' looks like a task parameter split off by a comma in a [...] list",
                        "quote tasks with several parameters, e.g. [\"sparse-parity:n=40,k=3\"], or write the list one task per line");
            }
        }
        for (SpecNode t : taskItems) {
            String canonical = TaskCatalog.validate(TaskSpec.parse(t.text(KnobCatalogue.TASK.allowed()), t.path()), t.path()).canonical();
            try {
                universes.computeIfAbsent(canonical, c -> TaskCatalog.create(TaskSpec.parse(c, t.path()), 0L, t.path()).universeSize());
            } catch (UserError e) {
                throw e.relocate(t.path()); // e.g. a csv task whose file cannot be read
            }
            tasks.add(canonical);
        }
        Metric metric = Metric.TEST_ACC;
        SpecNode m = prop.get("metric");
        if (m != null) metric = Metric.parse(m.text("test_acc, train_acc or test_loss"), m.path());
        double threshold = Property.DEFAULT_THRESHOLD;
        SpecNode th = prop.get("threshold");
        if (th != null) threshold = th.real("a threshold, e.g. 0.95 for an accuracy");
        int hold = Property.DEFAULT_HOLD;
        SpecNode ho = prop.get("hold");
        if (ho != null) hold = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ho.whole("later evaluations that must confirm, 0–100")));
        try {
            new Property(TaskSpec.parse((String) tasks.get(0), "property.task"), metric, threshold, hold);
        } catch (UserError e) {
            throw e.relocate("property." + e.where());
        }

        // seeds, evaluation interval, master seed
        int seeds = 1;
        SpecNode s = spec.get("seeds");
        if (s != null) seeds = s.integer("replicas per config, 1–" + GridSpec.MAX_SEEDS, 1, GridSpec.MAX_SEEDS);
        int evalEvery = 100;
        SpecNode ev = spec.get("eval_every");
        if (ev != null) evalEvery = ev.integer("an evaluation interval in steps, 1–" + RunConfig.MAX_STEPS, 1, RunConfig.MAX_STEPS);
        long master = Seeds.DEFAULT_MASTER;
        SpecNode ms = spec.get("master_seed");
        if (ms != null) master = ms.whole("a whole number, e.g. 42");

        // axes
        SpecNode axesNode = spec.get("axes");
        List<String> axisKeys = new ArrayList<>(KnobCatalogue.specAxes().stream().map(Knob::key).toList());
        axisKeys.add("budgets");
        Map<Knob<?>, SpecNode> given = new HashMap<>();
        SpecNode budgetsNode = null;
        if (axesNode != null) {
            axesNode.object("a mapping from axis names to values or ranges", axisKeys);
            for (String key : axesNode.keys()) {
                SpecNode n = axesNode.get(key);
                if (n == null) throw new UserError(axesNode.child(key), "the axis is empty", "give at least one value");
                if (key.equals("budgets")) budgetsNode = n;
                else given.put(KnobCatalogue.byKey(key).orElseThrow(), n);
            }
        }
        List<Long> budgets = budgets(budgetsNode, evalEvery);
        if (given.containsKey(KnobCatalogue.TRAIN_FRAC) && given.containsKey(KnobCatalogue.N_TRAIN)) {
            throw new UserError("axes.n_train", "both train_frac and n_train are given", "give the training set as a fraction or as a size, not both");
        }
        Probe probe = new Probe((String) tasks.get(0), universes, metric, threshold, hold, budgets, evalEvery);

        List<Axis> axes = new ArrayList<>();
        axes.add(new Axis.Levels(KnobCatalogue.TASK, tasks));
        for (Knob<?> f : KnobCatalogue.specAxes()) {
            SpecNode n = given.get(f);
            if (n == null) continue;
            if (f == KnobCatalogue.TRAIN_FRAC) {
                for (Map.Entry<String, Long> u : universes.entrySet()) {
                    if (u.getValue() > FRACTION_MAX_UNIVERSE) {
                        throw new UserError(n.path(), u.getKey() + " has " + (u.getValue() == Long.MAX_VALUE ? "too many" : Long.toString(u.getValue()))
                                + " possible examples for a train fraction", "give a number of training examples instead: axes.n_train");
                    }
                }
            }
            axes.add(n.isObject() ? range(f, n, probe) : levels(f, n, probe));
        }

        // sampling
        Sampling sampling = Sampling.GRID;
        SpecNode sn = spec.get("sampling");
        if (sn != null) sampling = sampling(sn);
        // to_budget: the sweep's runs train to their full budget past the property's confirmation (a sweep field, not a knob:
        // a knob would enter the config's group, and a config trained to budget is the same config as one stopped early)
        boolean toBudget = false;
        SpecNode tb = spec.get("to_budget");
        if (tb != null) toBudget = tb.flag("true: every run trains to its full budget past its confirmation, for a corpus meant to answer many properties; false (the default): runs stop at it");
        GridSpec g = new GridSpec(name, metric, threshold, hold, axes, budgets, seeds, evalEvery, master, sampling, toBudget, text);
        if (enumerable || !sampling.grid()) checkSize(g);
        return g;
    }

    private static List<SpecNode> listItems(SpecNode n, Knob<?> f) {
        if (n.isObject()) throw new UserError(n.path(), "expected a value or a list, got a mapping", f.allowed());
        List<SpecNode> items = n.isArray() ? n.elements() : List.of(n);
        if (items.isEmpty()) throw new UserError(n.path(), "the list is empty", "give at least one value: " + f.allowed());
        for (SpecNode i : items) {
            if (!i.isScalar() || i.node().isNull()) throw new UserError(i.path(), "expected a value, got " + i.describe(), f.allowed());
        }
        return items;
    }

    private static Axis levels(Knob<?> f, SpecNode n, Probe probe) {
        List<Object> values = new ArrayList<>();
        for (SpecNode item : listItems(n, f)) {
            Object v = value(f, item);
            probe.check(f, v, item.path());
            values.add(v);
        }
        return new Axis.Levels(f, values);
    }

    private static Object value(Knob<?> f, SpecNode item) {
        return switch (f.type()) {
            case INT, LONG -> {
                if (f.fullMeansZero() && item.node().isTextual() && item.node().asText().trim().equalsIgnoreCase("full")) yield 0;
                long v = item.whole(f.allowed());
                if (f.fullMeansZero() && v < 1) throw new UserError(item.path(), f.noun() + " " + v + " is less than 1", f.allowed() + " for the whole training set");
                if (f.type() == Knob.Type.LONG) yield v;
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new UserError(item.path(), v + " is out of range", f.allowed());
                yield (int) v;
            }
            case REAL -> item.real(f.allowed());
            case CHOICE -> ((Enum<?>) f.coerce(item.text(f.allowed()), item.path())).name().toLowerCase(java.util.Locale.ROOT);
            case TEXT -> item.text(f.allowed());
        };
    }

    private static Axis range(Knob<?> f, SpecNode n, Probe probe) {
        if (!f.numeric()) {
            throw new UserError(n.path(), "a range is only for numeric axes", "list the values instead, e.g. [" + String.join(", ", f.choices().subList(0, Math.min(2, f.choices().size()))) + "]");
        }
        Bounds b = bounds(n, f.allowed());
        Integer count = null;
        SpecNode nn = n.get("n");
        if (nn != null) count = nn.integer("n is the number of values, 2–" + MAX_RANGE_N, 2, MAX_RANGE_N);
        Axis.Range r = new Axis.Range(f, b.log, b.low, b.high, count);
        probe.check(f, r.value(0), b.node.path() + "[0]");
        probe.check(f, r.value(1), b.node.path() + "[1]");
        return r;
    }

    private record Bounds(boolean log, double low, double high, SpecNode node) {}

    private static Bounds bounds(SpecNode n, String allowed) {
        n.object("a range {log: [low, high], n: k} or {lin: [low, high], n: k}", RANGE_KEYS);
        SpecNode log = n.get("log");
        SpecNode lin = n.get("lin");
        if ((log == null) == (lin == null)) {
            throw new UserError(n.path(), log == null ? "a range needs log or lin" : "a range has either log or lin, not both",
                    "e.g. {log: [1e-4, 1e-1], n: 7} or {lin: [0, 1], n: 5}");
        }
        SpecNode b = log != null ? log : lin;
        if (!b.isArray() || b.node().size() != 2) throw new UserError(b.path(), "expected [low, high], got " + b.describe(), "two numbers: " + allowed);
        double low = b.at(0).real(allowed);
        double high = b.at(1).real(allowed);
        if (low > high) throw new UserError(b.path(), "low " + low + " is greater than high " + high, "write the range as [low, high]");
        if (log != null && low <= 0) {
            throw new UserError(b.path(), "a log range needs low > 0, got " + low, "start at a positive value such as 1e-4, or use lin to include 0");
        }
        return new Bounds(log != null, low, high, b);
    }

    /** Budgets: step counts, each a multiple of eval_every so that it falls on an evaluation of the longest run. */
    private static List<Long> budgets(SpecNode n, int evalEvery) {
        String allowed = "step counts that are multiples of eval_every (" + evalEvery + "), up to " + RunConfig.MAX_STEPS;
        TreeSet<Long> out = new TreeSet<>();
        if (n == null) {
            out.add((long) evalEvery * ((DEFAULT_BUDGET + evalEvery - 1) / evalEvery));
        } else if (n.isObject()) {
            Bounds b = bounds(n, allowed);
            SpecNode nn = n.get("n");
            if (nn == null) throw new UserError(n.path(), "a budget range needs n", "budgets are a few step counts, e.g. {log: [500, 4000], n: 4}");
            int count = nn.integer("n is the number of budgets, 2–100", 2, 100);
            Axis.Range r = new Axis.Range(KnobCatalogue.N_TRAIN, b.log, b.low, b.high, count); // N_TRAIN: any whole-number axis
            for (Object v : r.levels()) {
                long steps = Math.max(evalEvery, Math.round(((Integer) v) / (double) evalEvery) * evalEvery);
                if (steps > RunConfig.MAX_STEPS) throw new UserError(b.node().path(), "budget " + steps + " is too large", allowed);
                out.add(steps);
            }
        } else {
            for (SpecNode item : listItems(n, KnobCatalogue.N_TRAIN)) {
                long v = item.whole(allowed);
                if (v < 1 || v > RunConfig.MAX_STEPS) throw new UserError(item.path(), "budget " + v + " is out of range", allowed);
                if (v % evalEvery != 0) {
                    throw new UserError(item.path(), "budget " + v + " is not a multiple of eval_every (" + evalEvery + ")",
                            "each budget must fall on an evaluation so it can be read off the longest run's curve; change the budget or eval_every");
                }
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static Sampling sampling(SpecNode n) {
        if (n.node().isTextual()) {
            if (n.node().asText().trim().equalsIgnoreCase("grid")) return Sampling.GRID;
            throw new UserError(n.path(), "unknown sampling '" + n.node().asText() + "'", "allowed: " + SAMPLING_ALLOWED);
        }
        if (!n.isObject()) throw new UserError(n.path(), "expected a sampling method, got " + n.describe(), "allowed: " + SAMPLING_ALLOWED);
        n.object("a sampling method", SAMPLING_KEYS);
        if (n.keys().size() != 1) throw new UserError(n.path(), "give exactly one sampling method", "allowed: " + SAMPLING_ALLOWED);
        String key = n.keys().get(0);
        SpecNode c = n.get(key);
        if (c == null) throw new UserError(n.child(key), "missing the number of configs", "e.g. {" + key + ": 64}");
        int count = c.integer("the number of configs to sample, 1–" + GridSpec.MAX_RUNS, 1, GridSpec.MAX_RUNS);
        return switch (key) {
            case "random" -> Sampling.random(count);
            case "sobol" -> Sampling.sobol(count);
            default -> Sampling.lhs(count);
        };
    }

    /** The grid must be finite under grid sampling, and no larger than {@link GridSpec#MAX_RUNS} runs. */
    private static void checkSize(GridSpec g) {
        if (g.sampling().grid()) {
            for (Axis a : g.axes()) {
                if (!a.discrete()) {
                    throw new UserError(Axis.path(a.field()), "a range without n is continuous and cannot be enumerated",
                            "add n (the number of values), e.g. {log: [1e-4, 1e-1], n: 7}, or sample it: sampling: {sobol: 64}");
                }
            }
        } else {
            double capacity = g.distinctConfigs();
            if (capacity < g.sampling().n()) {
                throw new UserError("sampling." + g.sampling().method().key(),
                        "n = " + g.sampling().n() + " is more than the " + (long) capacity + " distinct configs the axes allow",
                        "lower n, widen the axes, or use sampling: grid");
            }
        }
        double runs = g.runCountEstimate();
        if (runs > GridSpec.MAX_RUNS) {
            throw new UserError(g.sampling().grid() ? "axes" : "sampling", String.format("the spec asks for %.3g runs", runs),
                    "at most " + GridSpec.MAX_RUNS + " per spec: narrow the axes, lower seeds, or sample: sampling: {sobol: 500}");
        }
    }

    /** Checks one axis value by building a config with it, so the spec obeys exactly the rules of a run config. */
    static final class Probe {
        private final Map<String, Long> universes;
        private final KnobValues base;
        private final String task;
        private final List<Long> budgets;

        Probe(String task, Map<String, Long> universes, Metric metric, double threshold, int hold, List<Long> budgets, int evalEvery) {
            this.task = task;
            this.universes = universes;
            this.budgets = budgets;
            this.base = KnobValues.empty().with(KnobCatalogue.TASK, task).with(KnobCatalogue.METRIC, metric).with(KnobCatalogue.THRESHOLD, threshold)
                    .with(KnobCatalogue.HOLD, hold).with(KnobCatalogue.STEPS, budgets.get(budgets.size() - 1)).with(KnobCatalogue.EVAL_EVERY, evalEvery);
        }

        void check(Knob<?> f, Object v, String path) {
            if (f == KnobCatalogue.N_TRAIN) {
                long n = ((Integer) v).longValue();
                if (n > MAX_TRAIN) throw new UserError(path, "training-set size " + n + " is too large", "at most " + MAX_TRAIN + " examples");
                for (Map.Entry<String, Long> u : universes.entrySet()) {
                    if (n >= u.getValue()) {
                        throw new UserError(path, "training-set size " + n + " leaves no test examples: " + u.getKey() + " has " + u.getValue() + " in all",
                                "use at most " + (u.getValue() - 1) + ", or a train fraction");
                    }
                }
            }
            try {
                if (!f.appliesTo(Knob.Arch.MLP)) {
                    // a knob of another family: its own range here; how it combines (heads dividing d_model) when the grid expands
                    f.checkValue(f.coerce(v, path));
                    return;
                }
                RunConfig.from(base.set(f, v, path), t -> universes.get(task), budgets, 0, 0);
            } catch (UserError e) {
                throw new UserError(path, e.what(), e.hint());
            }
        }
    }
}
