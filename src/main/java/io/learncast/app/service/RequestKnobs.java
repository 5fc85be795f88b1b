package io.learncast.app.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields a forecast request ({@link ConfigRequest}) accepts, described for forms: {@code GET /v1/knobs}
 * answers {@link #list()}, and the dashboard's forecast form is built from it, so a knob added to the request
 * appears in the form with no change here: the fields are the knob catalogue's.
 */
public final class RequestKnobs {
    private RequestKnobs() {}

    /** One request field: its JSON name, type ({@code text, integer, number, choice, integer_or_full}), default, choices and help. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Knob(@JsonProperty("name") String name, @JsonProperty("type") String type, @JsonProperty("default") Object defaultValue,
                       @JsonProperty("required") boolean required, @JsonProperty("choices") List<String> choices, @JsonProperty("help") String help) {}

    /** The request fields, in the catalogue's order (the knobs), then {@code seed}: exactly what {@link ConfigRequest} accepts. */
    public static List<Knob> list() {
        List<Knob> out = new ArrayList<>();
        for (io.learncast.farm.config.knob.Knob<?> k : KnobCatalogue.all()) {
            Object constant = k.defaultConstant();
            Object shown = constant == null ? null : k.numeric() && !k.fullMeansZero() ? constant : k.show(constant);
            String help = k.help() + (k.unit() == null || k.unit().isBlank() ? "" : " (" + k.unit() + ")")
                    + (constant == null && k.defaultText() != null ? "; default " + k.defaultText() : "");
            out.add(new Knob(k.key(), type(k), shown, k == KnobCatalogue.TASK, k.type() == io.learncast.farm.config.knob.Knob.Type.CHOICE ? k.choices() : null, help));
        }
        out.add(new Knob("seed", "integer", 0, false, null, "replica (seed index)"));
        return List.copyOf(out);
    }

    private static String type(io.learncast.farm.config.knob.Knob<?> k) {
        if (k.fullMeansZero()) return "integer_or_full";
        return switch (k.type()) {
            case INT, LONG -> "integer";
            case REAL -> "number";
            case CHOICE -> "choice";
            case TEXT -> "text";
        };
    }

}
