package io.learncast.farm.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A config's JSON (the store's {@code config_json}, provenance, ledger): one flat object keyed by the knobs'
 * keys, parts in order and each part's components in declaration order, then {@code seed} and
 * {@code replica} — the shape the flat record had, byte for byte. A knob added after that shape is written
 * only when it is not at its default, and read as its default when absent, so old and new configs round-trip.
 */
final class RunConfigJson {
    private RunConfigJson() {}

    static final class Writer extends JsonSerializer<RunConfig> {
        @Override public void serialize(RunConfig c, JsonGenerator gen, SerializerProvider sp) throws IOException {
            gen.writeStartObject();
            for (Knob.Group g : Knob.Group.values()) {
                Record part = c.part(g);
                for (String name : Components.names(part.getClass())) {
                    Object v = Components.get(part, name);
                    if (g == Knob.Group.BUDGET && name.equals("budgets")) {
                        gen.writeFieldName("budgets");
                        gen.writeObject(v);
                        continue;
                    }
                    Knob<?> k = KnobCatalogue.forComponent(g, name);
                    if (!k.isLegacy() && Objects.equals(v, k.defaultConstant())) continue;
                    gen.writeFieldName(k.key());
                    gen.writeObject(v);
                }
            }
            gen.writeNumberField("seed", c.seed());
            gen.writeNumberField("replica", c.replica());
            gen.writeEndObject();
        }
    }

    static final class Reader extends JsonDeserializer<RunConfig> {
        @Override public RunConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = p.readValueAsTree();
            if (tree == null || !tree.isObject()) throw ctxt.weirdStringException(String.valueOf(tree), RunConfig.class, "a config is a JSON object");
            Map<Knob<?>, Object> values = new HashMap<>();
            List<Long> budgets = List.of();
            long seed = 0;
            int replica = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                switch (e.getKey()) {
                    case "budgets" -> budgets = n.isNull() ? List.of() : ctxt.readTreeAsValue(n, ctxt.getTypeFactory().constructType(new TypeReference<List<Long>>() {}));
                    case "seed" -> seed = n.asLong();
                    case "replica" -> replica = n.asInt();
                    default -> {
                        Knob<?> k = KnobCatalogue.byKey(e.getKey()).orElseThrow(() ->
                                UnrecognizedPropertyException.from(p, RunConfig.class, e.getKey(), List.of()));
                        values.put(k, n.isNull() ? null : ctxt.readTreeAsValue(n, k.javaType()));
                    }
                }
            }
            return RunConfig.assemble(k -> values.containsKey(k) ? values.get(k) : k.isLegacy() ? null : k.defaultConstant(),
                    budgets, seed, replica);
        }
    }
}
