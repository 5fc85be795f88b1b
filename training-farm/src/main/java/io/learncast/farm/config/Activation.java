package io.learncast.farm.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.learncast.common.UserError;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Hidden-layer nonlinearities. {@code QUADRATIC} is x², the activation of the grokking toy models. */
public enum Activation {
    RELU, TANH, GELU, QUADRATIC;

    @JsonValue
    public String key() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator
    public static Activation fromJson(String text) { return parse(text, "activation"); }

    public static Activation parse(String text, String where) {
        for (Activation a : values()) if (a.key().equalsIgnoreCase(text.trim())) return a;
        throw new UserError(where, "unknown activation '" + text + "'", "allowed: " + Arrays.stream(values()).map(Activation::key).collect(Collectors.joining(", ")));
    }
}
