package io.learncast.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;
import io.learncast.forecast.features.TaskFactsCache;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A forecast request body: the CLI's config flags as JSON keys (the catalogue's knob keys: {@code task},
 * {@code width}, {@code lr}, {@code wd}, {@code train_frac}, {@code steps}, …, and {@code seed}) with the
 * same defaults. Every problem names its field: an unknown key, a wrong type, or a value the config rejects.
 */
final class ConfigRequest {
    private ConfigRequest() {}

    /** The replica number, as {@code --seed}; every other field is a knob. */
    private static final String SEED = "seed";

    /** The config a request asks about; a CSV task must name a dataset in the store ({@link StoredTasks}). */
    static RunConfig parse(JsonNode body, StoredTasks tasks) {
        if (body == null || !body.isObject()) throw HttpError.badField("body", "the request body must be a JSON object, e.g. {\"task\":\"modadd:p=97\",\"steps\":5000}");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals(SEED) && KnobCatalogue.byKey(k).isEmpty()) throw HttpError.badField(k, "unknown field; allowed: " + String.join(", ", fields()));
        }
        String task = text(body, KnobCatalogue.TASK.key());
        if (task == null) throw HttpError.badField(KnobCatalogue.TASK.key(), "is required, e.g. \"modadd:p=97\"");
        try {
            TaskSpec spec = TaskCatalog.validate(tasks.resolve(TaskSpec.parse(task, "task")), "task");
            KnobValues v = KnobValues.empty();
            for (Knob<?> k : KnobCatalogue.all()) {
                Object raw = k == KnobCatalogue.TASK ? spec.canonical() : value(body, k);
                if (raw != null) v = v.input(k, raw, k.key());
            }
            Integer replica = integer(body, SEED);
            return RunConfig.from(v, t -> TaskFactsCache.facts(t).universe(), List.of(), 0, 0)
                    .withReplica(Seeds.DEFAULT_MASTER, replica == null ? 0 : replica);
        } catch (UserError e) {
            String field = e.where() == null ? "body" : e.where().equals("seeds") ? SEED : e.where().equals("budgets") ? KnobCatalogue.STEPS.key() : e.where();
            throw new HttpError(400, field, e.getMessage().startsWith(field + ":") ? e.getMessage() : field + ": " + e.getMessage());
        }
    }

    /** The fields a request may have, sorted. */
    static List<String> fields() {
        TreeSet<String> out = new TreeSet<>();
        for (Knob<?> k : KnobCatalogue.all()) out.add(k.key());
        out.add(SEED);
        return List.copyOf(out);
    }

    /** A knob's value checked for its JSON type (null when not given). */
    private static Object value(JsonNode body, Knob<?> k) {
        if (k.fullMeansZero()) return batch(body, k.key());
        return switch (k.type()) {
            case INT -> integer(body, k.key());
            case LONG -> longValue(body, k.key());
            case REAL -> number(body, k.key());
            case CHOICE, TEXT -> text(body, k.key());
        };
    }

    private static Object batch(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isTextual() && v.asText().trim().toLowerCase(Locale.ROOT).equals("full")) return "full";
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 1_000_000) throw HttpError.badField(field, "must be a positive whole number of examples, or \"full\"");
        return v.asInt();
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw HttpError.badField(field, "must be a string");
        return v.asText();
    }

    private static Double number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw HttpError.badField(field, "must be a number");
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw HttpError.badField(field, "must be a finite number");
        return d;
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw HttpError.badField(field, "must be a whole number");
        return v.asInt();
    }

    private static Long longValue(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw HttpError.badField(field, "must be a whole number");
        return v.asLong();
    }
}
