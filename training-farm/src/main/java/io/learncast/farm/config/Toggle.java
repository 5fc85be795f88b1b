package io.learncast.farm.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.learncast.common.UserError;

import java.util.Locale;

/** An on/off knob (e.g. layer_norm): written {@code on}/{@code off}; {@code true}/{@code false} are accepted too. */
public enum Toggle {
    OFF, ON;

    @JsonValue
    public String key() { return name().toLowerCase(Locale.ROOT); }

    public boolean on() { return this == ON; }

    @JsonCreator
    public static Toggle fromJson(String text) { return parse(text, "toggle"); }

    public static Toggle parse(String text, String where) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> { return ON; }
            case "off", "false", "no" -> { return OFF; }
            default -> throw new UserError(where, "'" + text + "' is not on or off", "allowed: on, off (or true, false)");
        }
    }
}
