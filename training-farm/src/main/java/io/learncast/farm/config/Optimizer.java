package io.learncast.farm.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.learncast.common.UserError;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Optimisers and how they apply weight decay {@code wd} (to weights, not biases):
 * SGD and AdamW decay decoupled from the gradient ({@code w -= lr·wd·w}); Adam adds {@code wd·w} to the
 * gradient (L2), as {@code torch.optim.Adam(weight_decay=wd)} does. Adam's betas are (0.9, 0.999), ε = 1e-8.
 */
public enum Optimizer {
    SGD, ADAM, ADAMW;

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    /**
     * The weight decay a config gets when none is given: 1 for AdamW (decoupled, the grokking literature's
     * setting and learncast's default before optimisers had their own), none for SGD and Adam, as PyTorch's
     * optimisers default. Only the default depends on the optimiser: a stored config keeps the wd it has.
     */
    public double defaultWeightDecay() { return this == ADAMW ? 1.0 : 0.0; }

    /** The defaults in words, for help texts and documentation. */
    public static final String WD_DEFAULTS = "1 with adamw, 0 with sgd and adam";

    @JsonValue
    public String key() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator
    public static Optimizer fromJson(String text) { return parse(text, "optimizer"); }

    public static Optimizer parse(String text, String where) {
        for (Optimizer o : values()) if (o.key().equalsIgnoreCase(text.trim())) return o;
        throw new UserError(where, "unknown optimizer '" + text + "'", "allowed: " + Arrays.stream(values()).map(Optimizer::key).collect(Collectors.joining(", ")));
    }
}
