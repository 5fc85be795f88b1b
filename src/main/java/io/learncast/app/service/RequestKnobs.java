package io.learncast.app.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;

import java.util.Arrays;
import java.util.List;

/**
 * The fields a forecast request ({@link ConfigRequest}) accepts, described for forms: {@code GET /v1/knobs}
 * answers {@link #list()}, and the dashboard's forecast form is built from it, so a knob added to the request
 * appears in the form by changing this one method (when the knob catalogue lands, it is read from there).
 */
public final class RequestKnobs {
    private RequestKnobs() {}

    /** One request field: its JSON name, type ({@code text, integer, number, choice, integer_or_full}), default, choices and help. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Knob(@JsonProperty("name") String name, @JsonProperty("type") String type, @JsonProperty("default") Object defaultValue,
                       @JsonProperty("required") boolean required, @JsonProperty("choices") List<String> choices, @JsonProperty("help") String help) {}

    /** Today's request fields, in the order a form shows them (the same names as {@code ConfigRequest.FIELDS}). */
    public static List<Knob> list() {
        return List.of(
                new Knob("task", "text", null, true, null, "task spec, e.g. modadd:p=97 (learncast tasks lists them)"),
                new Knob("steps", "integer", 3000L, false, null, "the step budget P(learn) is asked about"),
                new Knob("depth", "integer", 1, false, null, "hidden layers"),
                new Knob("width", "integer", 128, false, null, "units per hidden layer"),
                new Knob("activation", "choice", "relu", false, keys(Activation.values()), "hidden activation"),
                new Knob("init_scale", "number", 1.0, false, null, "multiplier on the initial weights"),
                new Knob("optimizer", "choice", "adamw", false, keys(Optimizer.values()), "optimizer"),
                new Knob("lr", "number", 1e-3, false, null, "learning rate"),
                new Knob("wd", "number", null, false, null, "weight decay (default " + Optimizer.WD_DEFAULTS + ")"),
                new Knob("batch", "integer_or_full", 512, false, null, "examples per step, or full"),
                new Knob("train_frac", "number", null, false, null, "fraction of the task's examples to train on (default 0.5 for finite tasks)"),
                new Knob("n_train", "integer", null, false, null, "training examples (instead of train_frac; default 1000 for large tasks)"),
                new Knob("test_size", "integer", null, false, null, "cap on test examples"),
                new Knob("label_noise", "number", 0.0, false, null, "fraction of training labels replaced at random"),
                new Knob("eval_every", "integer", 100, false, null, "steps between evaluations"),
                new Knob("metric", "choice", "test_acc", false, keys(Metric.values()), "what the property measures"),
                new Knob("threshold", "number", 0.95, false, null, "the value the metric must reach"),
                new Knob("hold", "integer", 1, false, null, "evaluations the threshold must hold for"),
                new Knob("seed", "integer", 0, false, null, "replica (seed index)"));
    }

    private static List<String> keys(Enum<?>[] values) {
        return Arrays.stream(values).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
