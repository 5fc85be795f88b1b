package io.learncast.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.Metric;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.TaskFactsCache;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A forecast request body: the CLI's config flags as JSON keys ({@code task}, {@code width},
 * {@code lr}, {@code wd}, {@code train_frac}, {@code steps}, …) with the same defaults. Every problem
 * names its field: an unknown key, a wrong type, or a value the config rejects.
 */
final class ConfigRequest {
    private ConfigRequest() {}

    static final Set<String> FIELDS = Set.of("task", "depth", "width", "activation", "init_scale", "optimizer", "lr", "wd", "batch", "train_frac",
            "n_train", "test_size", "label_noise", "steps", "eval_every", "metric", "threshold", "hold", "seed");

    /** The config a request asks about; a CSV task must name a dataset in the store ({@link StoredTasks}). */
    static RunConfig parse(JsonNode body, StoredTasks tasks) {
        if (body == null || !body.isObject()) throw HttpError.badField("body", "the request body must be a JSON object, e.g. {\"task\":\"modadd:p=97\",\"steps\":5000}");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!FIELDS.contains(k)) throw HttpError.badField(k, "unknown field; allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
        }
        String task = text(body, "task", null);
        if (task == null) throw HttpError.badField("task", "is required, e.g. \"modadd:p=97\"");
        try {
            TaskSpec spec = TaskCatalog.validate(tasks.resolve(TaskSpec.parse(task, "task")), "task");
            Double frac = number(body, "train_frac", null);
            Integer n = integer(body, "n_train", null);
            if (frac == null && n == null) {
                boolean finite = TaskFactsCache.facts(spec.canonical()).universe() <= 1L << 22;
                frac = finite ? 0.5 : null;
                n = finite ? null : 1000;
            }
            Optimizer optimizer = Optimizer.parse(text(body, "optimizer", "adamw"), "optimizer");
            RunConfig c = new RunConfig(spec.canonical(), Metric.parse(text(body, "metric", "test_acc"), "metric"), number(body, "threshold", 0.95),
                    integer(body, "hold", 1), frac, n, integer(body, "test_size", null), number(body, "label_noise", 0.0),
                    integer(body, "depth", 1), integer(body, "width", 128), Activation.parse(text(body, "activation", "relu"), "activation"),
                    number(body, "init_scale", 1.0), optimizer,
                    number(body, "lr", 1e-3), number(body, "wd", optimizer.defaultWeightDecay()), batch(body), longValue(body, "steps", 3000L),
                    integer(body, "eval_every", 100), List.of(), 0, 0);
            return c.withReplica(Seeds.DEFAULT_MASTER, integer(body, "seed", 0));
        } catch (UserError e) {
            String field = e.where() == null ? "body" : e.where().equals("seeds") ? "seed" : e.where().equals("budgets") ? "steps" : e.where();
            throw new HttpError(400, field, e.getMessage().startsWith(field + ":") ? e.getMessage() : field + ": " + e.getMessage());
        }
    }

    private static int batch(JsonNode body) {
        JsonNode v = body.get("batch");
        if (v == null || v.isNull()) return 512;
        if (v.isTextual() && v.asText().trim().toLowerCase(Locale.ROOT).equals("full")) return 0;
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 1_000_000) throw HttpError.badField("batch", "must be a positive whole number of examples, or \"full\"");
        return v.asInt();
    }

    private static String text(JsonNode body, String field, String def) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isTextual()) throw HttpError.badField(field, "must be a string");
        return v.asText();
    }

    private static Double number(JsonNode body, String field, Double def) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isNumber()) throw HttpError.badField(field, "must be a number");
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw HttpError.badField(field, "must be a finite number");
        return d;
    }

    private static Integer integer(JsonNode body, String field, Integer def) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw HttpError.badField(field, "must be a whole number");
        return v.asInt();
    }

    private static Long longValue(JsonNode body, String field, Long def) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw HttpError.badField(field, "must be a whole number");
        return v.asLong();
    }
}
