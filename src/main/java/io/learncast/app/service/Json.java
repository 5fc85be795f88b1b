package io.learncast.app.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.learncast.farm.config.ConfigJson;

/** JSON for the service: answers written with the project's mapper; request bodies read strictly. */
final class Json {
    private Json() {}

    /**
     * One JSON value, no key given twice, nothing after it — as specs and corpus files are read: a duplicate key
     * (last one winning) or trailing text is a malformed request, not something to guess about.
     */
    private static final ObjectReader STRICT = ConfigJson.MAPPER.readerFor(JsonNode.class)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static JsonNode read(byte[] body) throws java.io.IOException {
        return STRICT.readTree(body);
    }

    static byte[] bytes(Object value) {
        try {
            return ConfigJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }
}
