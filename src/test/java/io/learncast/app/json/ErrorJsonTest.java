package io.learncast.app.json;

import io.learncast.farm.config.ConfigJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The API's and the dashboard's error body: the field it is about only when there is one. */
class ErrorJsonTest {
    @Test
    void fieldIsAbsentWithoutOne() {
        assertEquals("{\"error\":\"no such run\"}", ConfigJson.write(new ErrorJson("no such run", null)));
        assertEquals("{\"error\":\"must be a whole number\",\"field\":\"limit\"}", ConfigJson.write(new ErrorJson("must be a whole number", "limit")));
    }
}
