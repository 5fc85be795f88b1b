package io.learncast.forecast.features;

import io.learncast.farm.config.TaskFacts;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@link Knobs} in model artifacts (a forecaster's references): the flat object the 21-field record wrote
 * — task facts, then each knob under its component name ({@code initScale}, {@code evalEvery}), then
 * {@code nTrain} — so artifacts written before and after read alike. Knobs that do not apply (null) are left
 * out; knobs an older artifact lacks read as their defaults.
 */
final class KnobsJson {
    private KnobsJson() {}

    /** The knobs a forecaster's view holds besides the resolved training-set size (the data size is that count). */
    static boolean kept(Knob<?> k) {
        return k != KnobCatalogue.TRAIN_FRAC && k != KnobCatalogue.N_TRAIN && k != KnobCatalogue.TEST_SIZE && k != KnobCatalogue.STEPS;
    }

    static final class Writer extends JsonSerializer<Knobs> {
        @Override public void serialize(Knobs k, JsonGenerator g, SerializerProvider sp) throws IOException {
            TaskFacts f = k.facts();
            g.writeStartObject();
            g.writeStringField("task", k.task());
            g.writeStringField("taskKind", f.kind());
            g.writeNumberField("taskK", k.taskK());
            g.writeNumberField("universe", f.universe());
            g.writeNumberField("inputWidth", f.inputWidth());
            g.writeNumberField("classes", f.classes());
            g.writeBooleanField("tokens", f.tokens());
            if (f.positions() > 0) {
                g.writeNumberField("positions", f.positions());
                g.writeNumberField("vocab", f.vocab());
            }
            for (Knob<?> kn : KnobCatalogue.all()) {
                if (kn == KnobCatalogue.TASK || !kept(kn) || k.get(kn) == null) continue;
                g.writeFieldName(kn.component());
                g.writeObject(k.get(kn));
            }
            g.writeNumberField("nTrain", k.nTrain());
            g.writeEndObject();
        }
    }

    static final class Reader extends JsonDeserializer<Knobs> {
        @Override public Knobs deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode t = p.readValueAsTree();
            Object[] v = new Object[KnobCatalogue.all().size()];
            for (Knob<?> kn : KnobCatalogue.all()) v[KnobCatalogue.index(kn)] = kn.isLegacy() ? null : kn.defaultConstant();
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (List.of("taskKind", "taskK", "universe", "inputWidth", "classes", "tokens", "positions", "vocab", "nTrain").contains(e.getKey())) continue;
                Knob<?> kn = KnobCatalogue.all().stream().filter(x -> x.component().equals(e.getKey())).findFirst()
                        .orElseThrow(() -> UnrecognizedPropertyException.from(p, Knobs.class, e.getKey(), List.of()));
                v[KnobCatalogue.index(kn)] = e.getValue().isNull() ? null : ctxt.readTreeAsValue(e.getValue(), kn.javaType());
            }
            TaskFacts f = new TaskFacts(t.path("taskKind").asText(), t.path("universe").asLong(), t.path("inputWidth").asInt(),
                    t.path("classes").asInt(), t.path("tokens").asBoolean(), t.path("positions").asInt(0), t.path("vocab").asInt(0));
            return new Knobs(v, f, t.path("taskK").asInt(), t.path("nTrain").asLong());
        }
    }
}
