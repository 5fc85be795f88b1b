package io.learncast.farm.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TaskFacts;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.RunQueue.ImportedRun;
import io.learncast.farm.store.StoreLimits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.learncast.farm.corpus.CorpusFields.*;

/**
 * Turns one record into a finished run ready to store, validating every field with the same rules
 * as {@code learncast train} (RunConfig, TaskCatalog, the data-size rules of Datasets) and the
 * consistency of its outcome; every problem names the record's line and field. Defaults are those
 * listed in {@link CorpusFields#FORMAT_HELP}.
 */
final class RecordMapper {
    /** As in Datasets: a train fraction only makes sense for universes that are enumerated. */
    private static final long ENUMERABLE = 1L << 22;
    private static final long MAX_TRAIN = 5_000_000L;
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_SOURCE = 100;
    private static final int MAX_TRAINER = 40;

    private final String sourceOverride;
    private final String defaultSource;
    private final Map<String, TaskFacts> facts = new HashMap<>();

    /**
     * @param sourceOverride {@code --source}, or null to use each record's {@code source} field, else {@code defaultSource}
     * @param defaultSource  the file name, usually
     */
    RecordMapper(String sourceOverride, String defaultSource) {
        this.sourceOverride = sourceOverride;
        this.defaultSource = defaultSource;
    }

    /** Checks a source name given on the command line or as a default; null when it is fine, else what is wrong. */
    static String sourceProblem(String s) {
        if (s == null || s.isBlank()) return "the source name is empty";
        if (s.length() > MAX_SOURCE) return "the source name is longer than " + MAX_SOURCE + " characters";
        if (s.equals(FARM) || s.equals(TRAIN)) return "the source name '" + s + "' is reserved for runs this store trained (farm workers, learncast train)";
        return null;
    }

    ImportedRun map(Record rec) {
        if (rec.problem() != null) throw rec.problem();
        RecordFields f = new RecordFields(rec);
        String source = source(f);
        TaskSpec spec = task(f);
        RunConfig c = config(f, spec);
        TaskFacts tf = facts(f, c);
        RunResult r = result(f, c, tf, source);
        ImportedRun run = new ImportedRun(c, r, source);
        // every limit the store enforces, checked here: a file is imported whole or refused whole, never cut off by an insert
        StoreLimits.Problem tooLarge = StoreLimits.check(run);
        if (tooLarge != null) throw f.error(tooLarge.field(), tooLarge.what(), "shorten it; the store's limits are in docs/RELIABILITY.md");
        return run;
    }

    private String source(RecordFields f) {
        String own = f.text(SOURCE);
        if (sourceOverride != null) return sourceOverride;
        if (own == null) return defaultSource;
        String problem = sourceProblem(own);
        if (problem != null) throw f.error(SOURCE, problem, "exports call this store's runs 'learncast'; choose another name, or give --source");
        return own;
    }

    // --- the task ---

    private TaskSpec task(RecordFields f) {
        String text = f.requiredText(TASK, "the task, e.g. modadd with its parameters as their own fields (p), or a full spec such as modadd:p=97");
        TaskSpec parsed;
        TaskCatalog.Definition d;
        try {
            parsed = TaskSpec.parse(text, TASK);
            d = TaskCatalog.definition(parsed.name(), TASK);
        } catch (UserError e) {
            throw RecordError.at(f.line(), TASK, e);
        }
        Map<String, String> params = new LinkedHashMap<>(parsed.params());
        Set<String> ownFields = new HashSet<>();
        for (TaskCatalog.Param p : d.params()) {
            JsonNode n = f.node(p.name());
            if (n == null) continue;
            String v = paramText(f, p, n);
            String inSpec = params.get(p.name());
            if (inSpec != null && !inSpec.equals(v)) {
                throw f.error(p.name(), p.name() + "=" + v + " contradicts the task field's " + p.name() + "=" + inSpec,
                        "give the parameter once, or the same value in both");
            }
            params.put(p.name(), v);
            ownFields.add(p.name());
        }
        try {
            return TaskCatalog.validate(new TaskSpec(d.name(), params), TASK);
        } catch (UserError e) {
            // point at the parameter's own field when the problem is about it (named, or the only one given that way)
            String field = TASK;
            for (String k : ownFields) if (Pattern.compile("\\bparameter " + Pattern.quote(k) + "\\b").matcher(e.what()).find()) field = k;
            if (field.equals(TASK) && ownFields.size() == 1 && parsed.params().isEmpty() && !e.what().contains("needs parameter")
                    && !e.what().contains("has no parameter")) {
                field = ownFields.iterator().next();
            }
            throw RecordError.at(f.line(), field, e);
        }
    }

    private static String paramText(RecordFields f, TaskCatalog.Param p, JsonNode n) {
        if (p.integer() && n.isNumber()) {
            Long v = f.lng(p.name());
            return Long.toString(v);
        }
        if (n.isContainerNode()) throw f.error(p.name(), "expected a value, found " + RecordFields.kind(n), null);
        return f.text(p.name());
    }

    // --- the config ---

    private RunConfig config(RecordFields f, TaskSpec spec) {
        Long steps = f.lng(KnobCatalogue.STEPS.key());
        if (steps == null) throw f.error(KnobCatalogue.STEPS.key(), "is missing", "the step budget the run was trained with");
        Double frac = f.dbl(KnobCatalogue.TRAIN_FRAC.key());
        Integer nTrain = f.integer(KnobCatalogue.N_TRAIN.key());
        if (frac == null && nTrain == null) {
            throw f.error(KnobCatalogue.TRAIN_FRAC.key(), "no training-set size: neither train_frac nor n_train is given",
                    "give train_frac (a fraction of the task's examples, in (0, 1]) or n_train (a number of training examples)");
        }
        if (frac != null && nTrain != null) {
            // scripts often write both: one training set, said twice. Keep the fraction where the task allows one
            // (farm grids use fractions, so such runs group with the farm's), else the count; result() keeps the count as the train size.
            long u = agreeingUniverse(f, spec, frac, nTrain);
            if (u <= ENUMERABLE) nTrain = null;
            else frac = null;
        }
        KnobValues v = KnobValues.empty().with(KnobCatalogue.TASK, spec.canonical()).with(KnobCatalogue.STEPS, steps)
                .with(KnobCatalogue.TRAIN_FRAC, frac).with(KnobCatalogue.N_TRAIN, nTrain);
        for (Knob<?> k : KnobCatalogue.all()) {
            if (k == KnobCatalogue.TASK || k == KnobCatalogue.STEPS || k == KnobCatalogue.TRAIN_FRAC || k == KnobCatalogue.N_TRAIN) continue;
            Object raw = switch (k.type()) {
                case INT -> k.fullMeansZero() && f.node(k.key()) != null && f.node(k.key()).isTextual()
                        && "full".equalsIgnoreCase(f.text(k.key())) ? "full" : f.integer(k.key());
                case LONG -> f.lng(k.key());
                case REAL -> f.dbl(k.key());
                case CHOICE, TEXT -> f.text(k.key());
            };
            if (raw == null) continue;
            try {
                v = v.input(k, raw, k.key());
            } catch (UserError e) {
                throw RecordError.at(f.line(), k.key(), e);
            }
        }
        // imported runs may be shorter than the CLI's interval: evaluate at least at the end
        if (!v.has(KnobCatalogue.EVAL_EVERY)) v = v.with(KnobCatalogue.EVAL_EVERY, (int) Math.max(1, Math.min(KnobCatalogue.EVAL_EVERY.defaultConstant(), steps)));
        List<Long> budgets = budgets(f);
        Long seed = f.lng(SEED);
        int replica = f.integer(REPLICA, 0);
        try {
            RunConfig c = RunConfig.from(v, budgets, seed == null ? 0 : seed, replica);
            return seed == null ? c.withReplica(Seeds.DEFAULT_MASTER, replica) : c;
        } catch (UserError e) {
            String key = e.where() == null ? null : e.where().equals("seeds") ? REPLICA : e.where();
            throw RecordError.at(f.line(), key, e);
        }
    }

    /**
     * The task's number of examples, once train_frac and n_train are found to describe the same training set:
     * n_train is the task's rounding of train_frac × examples, give or take one (scripts round their own way).
     */
    private long agreeingUniverse(RecordFields f, TaskSpec spec, double frac, int nTrain) {
        try {
            new io.learncast.data.DataSpec(frac, null, null, 0);
        } catch (UserError e) {
            throw RecordError.at(f.line(), KnobCatalogue.TRAIN_FRAC.key(), e);
        }
        try {
            new io.learncast.data.DataSpec(null, nTrain, null, 0);
        } catch (UserError e) {
            throw RecordError.at(f.line(), KnobCatalogue.N_TRAIN.key(), e);
        }
        Long u = universes.get(spec.canonical());
        if (u == null) {
            try {
                u = TaskCatalog.create(spec, 0L, TASK).universeSize();
            } catch (UserError e) {
                throw RecordError.at(f.line(), TASK, e);
            }
            if (universes.size() > 10_000) universes.clear();
            universes.put(spec.canonical(), u);
        }
        long expected = Math.max(1, Math.round(frac * u));
        if (Math.abs(expected - nTrain) > 1) {
            throw f.error(KnobCatalogue.N_TRAIN.key(), "train_frac " + frac + " and n_train " + nTrain + " disagree: " + frac + " of the " + u + " examples of "
                            + spec.canonical() + " is " + expected + " training examples, not " + nTrain,
                    "give one of them, or both for the same training set: n_train = train_frac × " + u + ", rounded, ±1");
        }
        return u;
    }

    private final Map<String, Long> universes = new HashMap<>();

    private interface Parser<T> { T parse(String text, String where); }

    private static List<Long> budgets(RecordFields f) {
        JsonNode n = f.json(BUDGETS);
        if (n == null) return List.of();
        List<Long> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isIntegralNumber() || !e.canConvertToLong()) throw f.error(BUDGETS, "budget " + e + " is not a whole number", "a list of step counts, e.g. [1000, 3000]");
                out.add(e.longValue());
            }
            return out;
        }
        if (n.isIntegralNumber()) return List.of(n.longValue());
        for (String t : n.asText().trim().split("[,;\\s]+")) {
            try {
                out.add(Long.parseLong(t));
            } catch (NumberFormatException e) {
                throw f.error(BUDGETS, "budget '" + t + "' is not a whole number", "a list of step counts, e.g. [1000, 3000]");
            }
        }
        return out;
    }

    /** Task facts (input width, classes, universe), cached by what they depend on; also applies the data-size rules of training. */
    private TaskFacts facts(RecordFields f, RunConfig c) {
        String key = c.task() + "|" + c.trainFrac() + "|" + c.nTrain();
        TaskFacts tf = facts.get(key);
        if (tf == null) {
            try {
                tf = TaskFacts.of(c);
            } catch (UserError e) {
                throw RecordError.at(f.line(), TASK, e);
            }
            if (facts.size() > 10_000) facts.clear();
            facts.put(key, tf);
        }
        long u = tf.universe();
        if (c.trainFrac() != null && u > ENUMERABLE) {
            throw f.error(KnobCatalogue.TRAIN_FRAC.key(), c.task() + " has " + (u == Long.MAX_VALUE ? "too many" : Long.toString(u)) + " possible examples for a train fraction",
                    "give a number of training examples (n_train) instead");
        }
        if (c.nTrain() != null && c.nTrain() >= u) {
            throw f.error(KnobCatalogue.N_TRAIN.key(), "training-set size " + c.nTrain() + " leaves no test examples: " + c.task() + " has " + u + " in all",
                    "use at most " + (u - 1) + ", or a train fraction of 1");
        }
        if (tf.nTrain(c) > MAX_TRAIN) {
            throw f.error(c.nTrain() != null ? KnobCatalogue.N_TRAIN.key() : KnobCatalogue.TRAIN_FRAC.key(), "training-set size " + tf.nTrain(c) + " is too large", "use at most 5,000,000 examples");
        }
        return tf;
    }

    // --- the result ---

    private RunResult result(RecordFields f, RunConfig c, TaskFacts tf, String source) {
        Boolean learnedOrNull = f.bool(LEARNED);
        if (learnedOrNull == null) throw f.error(LEARNED, "is missing", "true when the property was reached within the budget, else false");
        boolean learned = learnedOrNull;
        boolean diverged = f.bool(DIVERGED, false);
        boolean stopped = f.bool(STOPPED_EARLY, false);
        if (learned && diverged) throw f.error(DIVERGED, "a run cannot both learn and diverge", "set learned or diverged to false");
        if (stopped && (learned || diverged)) throw f.error(STOPPED_EARLY, "a run stopped early by the verdict neither learned nor diverged", "set stopped_early to false");
        Outcome outcome = learned ? Outcome.LEARNED : diverged ? Outcome.DIVERGED : stopped ? Outcome.STOPPED_EARLY : Outcome.NOT_LEARNED;

        long steps = c.steps();
        Long trainedOrNull = f.lng(STEPS_TRAINED);
        long trained = trainedOrNull == null ? steps : trainedOrNull;
        if (trained < 0 || trained > steps) throw f.error(STEPS_TRAINED, "steps trained " + trained + " is outside 0–" + steps, "at most the step budget (steps)");
        Long toLearn = noneIfMinusOne(f, STEPS_TO_LEARN);
        Long confirm = noneIfMinusOne(f, CONFIRM_STEP);
        if (learned) {
            if (toLearn == null) throw f.error(STEPS_TO_LEARN, "is missing for a learned run", "the first step at which the property was reached");
            if (toLearn < 0 || toLearn > steps) throw f.error(STEPS_TO_LEARN, "steps to learn " + toLearn + " is outside 0–" + steps, "at most the step budget (steps)");
            if (confirm == null) confirm = toLearn;
            if (confirm < toLearn || confirm > trained) {
                throw f.error(CONFIRM_STEP, "confirmation step " + confirm + " is outside " + toLearn + "–" + trained,
                        "between steps_to_learn and the steps trained");
            }
        } else {
            if (toLearn != null) throw f.error(STEPS_TO_LEARN, "is " + toLearn + " for a run that did not learn", "-1 (or nothing) when learned is false");
            if (confirm != null) throw f.error(CONFIRM_STEP, "is " + confirm + " for a run that did not learn", "-1 (or nothing) when learned is false");
        }
        Double finalTest = accuracy(f, FINAL_TEST_ACC);
        Double bestTest = accuracy(f, BEST_TEST_ACC);
        Double finalTrain = accuracy(f, FINAL_TRAIN_ACC);
        Double testLoss = loss(f, FINAL_TEST_LOSS);
        Double trainLoss = loss(f, FINAL_TRAIN_LOSS);
        Long wallMs = f.lng(WALL_MS);
        if (wallMs != null && wallMs < 0) throw f.error(WALL_MS, "wall time " + wallMs + " ms is negative", "milliseconds, ≥ 0");
        String trainer = f.text(TRAINER);
        if (trainer != null && trainer.length() > MAX_TRAINER) throw f.error(TRAINER, "is longer than " + MAX_TRAINER + " characters", "a short name such as pytorch or dl4j");
        String fingerprint = f.text(DATASET_FINGERPRINT);
        if (fingerprint != null) {
            fingerprint = fingerprint.toLowerCase(Locale.ROOT);
            if (!FINGERPRINT.matcher(fingerprint).matches()) throw f.error(DATASET_FINGERPRINT, "is not a SHA-256 hex digest", "64 hexadecimal digits, or leave it out");
        }
        List<CurvePoint> curve = curve(f, trained);
        Map<String, Object> extra = extra(f);
        // train_frac and n_train both given and agreeing: the config keeps the fraction; a count that the task's
        // rounding does not reproduce exactly (a script that floors) stays in the provenance, exported back in `extra`
        Integer givenN = c.nTrain() == null ? f.integer(KnobCatalogue.N_TRAIN.key()) : null;
        if (givenN != null && givenN != tf.nTrain(c)) {
            extra = new LinkedHashMap<>(extra);
            extra.put(KnobCatalogue.N_TRAIN.key(), givenN);
        }
        Provenance p = new Provenance(c, fingerprint, null, null, trainer, source, null, null, null, null, extra);
        return new RunResult(outcome, learned ? toLearn : null, learned ? confirm : null, trained, nan(finalTest), nan(bestTest), nan(finalTrain),
                nan(testLoss), nan(trainLoss), wallMs == null ? -1 : wallMs, fingerprint, (int) Math.min(Integer.MAX_VALUE, tf.nTrain(c)), 0,
                tf.classes(), trainer, curve, p);
    }

    private static Long noneIfMinusOne(RecordFields f, String field) {
        Long v = f.lng(field);
        return v == null || v == -1 ? null : v;
    }

    private static double nan(Double v) { return v == null ? Double.NaN : v; }

    private static Double accuracy(RecordFields f, String field) {
        Double v = f.measurement(field);
        if (v != null && (v < 0 || v > 1)) throw f.error(field, "accuracy " + v + " is outside [0, 1]", "a fraction such as 0.97, not a percentage");
        return v;
    }

    private static Double loss(RecordFields f, String field) {
        Double v = f.measurement(field);
        if (v != null && v < 0) throw f.error(field, "loss " + v + " is negative", "a loss ≥ 0, or leave it out");
        return v;
    }

    private static final String CURVE_HINT = "a list of points [[step, train_acc, test_acc], ...] or [[step, train_acc, test_acc, train_loss, test_loss, weight_norm], ...]";

    private static List<CurvePoint> curve(RecordFields f, long trained) {
        JsonNode n = f.json(CURVE);
        if (n == null) return List.of();
        if (!n.isArray()) throw f.error(CURVE, "expected a list of points, found " + RecordFields.kind(n), CURVE_HINT);
        List<CurvePoint> out = new ArrayList<>(n.size());
        long prev = -1;
        for (int i = 0; i < n.size(); i++) {
            JsonNode p = n.get(i);
            String at = "point " + (i + 1);
            if (!p.isArray() || (p.size() != 3 && p.size() != 6)) throw f.error(CURVE, at + " is " + p + ", not a list of 3 or 6 numbers", CURVE_HINT);
            JsonNode s = p.get(0);
            if (!s.isIntegralNumber() || !s.canConvertToLong()) throw f.error(CURVE, at + ": step " + s + " is not a whole number", CURVE_HINT);
            long step = s.longValue();
            if (step <= prev) throw f.error(CURVE, at + ": step " + step + " does not come after step " + prev, "list the points in increasing step order, each step once");
            if (step > trained) throw f.error(CURVE, at + ": step " + step + " is beyond the " + trained + " steps trained", "points up to steps_trained (default: steps)");
            prev = step;
            double trainAcc = curveNumber(f, at, p.get(1), true);
            double testAcc = curveNumber(f, at, p.get(2), true);
            double trainLoss = p.size() == 6 ? curveNumber(f, at, p.get(3), false) : Double.NaN;
            double testLoss = p.size() == 6 ? curveNumber(f, at, p.get(4), false) : Double.NaN;
            double norm = p.size() == 6 ? curveNumber(f, at, p.get(5), false) : Double.NaN;
            out.add(new CurvePoint(step, trainLoss, trainAcc, testLoss, testAcc, norm));
        }
        return out;
    }

    private static double curveNumber(RecordFields f, String at, JsonNode v, boolean accuracy) {
        if (v == null || v.isNull()) return Double.NaN;
        if (!v.isNumber()) throw f.error(CURVE, at + ": " + v + " is not a number", CURVE_HINT);
        double d = v.doubleValue();
        if (!Double.isFinite(d)) return Double.NaN; // stored as unknown
        if (accuracy && (d < 0 || d > 1)) throw f.error(CURVE, at + ": accuracy " + d + " is outside [0, 1]", "accuracies are fractions such as 0.97");
        if (!accuracy && d < 0) throw f.error(CURVE, at + ": " + d + " is negative", "losses and weight norms are ≥ 0");
        return d;
    }

    /**
     * Fields learncast does not know, plus the entries of an {@code extra} object (how exports write them back): an
     * open map, since its keys are the source's; a map (not a JSON tree) so stored provenance keeps its sorted keys.
     */
    private static Map<String, Object> extra(RecordFields f) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        JsonNode given = f.json(EXTRA);
        if (given != null) {
            if (given.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    extra.set(e.getKey(), finite(e.getValue()));
                }
            } else {
                extra.set(EXTRA, finite(given));
            }
        }
        Set<String> used = f.used();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.recordFields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (used.contains(e.getKey())) continue;
            JsonNode v = f.node(e.getKey());
            if (v != null) extra.set(e.getKey(), finite(v));
        }
        if (extra.isEmpty()) return Map.of();
        @SuppressWarnings("unchecked")
        Map<String, Object> map = RecordReader.JSON.convertValue(extra, Map.class);
        return map;
    }

    /** JSON has no NaN or infinity: such values in unknown fields are kept as null so stored provenance stays standard JSON. */
    private static JsonNode finite(JsonNode v) {
        if (v.isFloatingPointNumber() && !v.isBigDecimal() && !Double.isFinite(v.doubleValue())) return JsonNodeFactory.instance.nullNode();
        if (v.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : v) out.add(finite(e));
            return out;
        }
        if (v.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), finite(e.getValue()));
            }
            return out;
        }
        return v;
    }
}
