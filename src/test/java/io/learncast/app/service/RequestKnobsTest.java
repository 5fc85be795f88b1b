package io.learncast.app.service;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The forecast form is built from {@link RequestKnobs}: it must list exactly the fields a request accepts. */
class RequestKnobsTest {
    @Test
    void listsExactlyTheRequestFields() {
        Set<String> listed = RequestKnobs.list().stream().map(RequestKnobs.Knob::name).collect(Collectors.toSet());
        assertEquals(ConfigRequest.FIELDS, listed);
        assertEquals(ConfigRequest.FIELDS.size(), RequestKnobs.list().size(), "each field once");
    }
}
