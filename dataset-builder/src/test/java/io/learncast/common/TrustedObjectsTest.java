package io.learncast.common;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Stored models' serialised parts are read through an allow-list: what models are made of passes, nothing else is even created. */
class TrustedObjectsTest {

    record Part(String name, double[] values, List<Integer> counts) implements Serializable {}

    static byte[] bytes(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    @Test
    void whatModelsAreMadeOfComesBack() throws IOException {
        Map<String, Object> m = new HashMap<>();
        m.put("part", new Part("trees", new double[] {1.5, -2}, new ArrayList<>(List.of(3, 4))));
        m.put("grid", new long[][] {{1, 2}, {3}});
        m.put("names", List.of("a", "b"));
        @SuppressWarnings("unchecked") Map<String, Object> back = TrustedObjects.read(bytes(m), Map.class);
        Part p = (Part) back.get("part");
        assertEquals("trees", p.name());
        assertArrayEquals(new double[] {1.5, -2}, p.values());
        assertEquals(List.of(3, 4), p.counts());
        assertArrayEquals(new long[] {3}, ((long[][]) back.get("grid"))[1]);
        assertEquals(List.of("a", "b"), back.get("names"));
    }

    @Test
    void aClassOutsideTheListIsRefusedBeforeItIsCreated() throws IOException {
        tripwire.Tripwire.sprung = false;
        byte[] hostile = bytes(new ArrayList<>(List.of(new tripwire.Tripwire())));
        IOException e = assertThrows(IOException.class, () -> TrustedObjects.read(hostile, List.class));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertFalse(tripwire.Tripwire.sprung, "the refused class's readObject never ran");
    }

    @Test
    void theUrlDnsProbeIsRefused() throws IOException {
        // the classic probe: a HashMap keyed by a URL resolves the host while it rehashes on reading
        Map<URL, String> probe = new HashMap<>();
        probe.put(new URL("http://probe.invalid/"), "x");
        IOException e = assertThrows(IOException.class, () -> TrustedObjects.read(bytes(probe), Map.class));
        assertTrue(e.getMessage().contains("java.net.URL"), e.getMessage());
    }

    @Test
    void theWrongTypeIsAnError() throws IOException {
        IOException e = assertThrows(IOException.class, () -> TrustedObjects.read(bytes("text"), Map.class));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void aDeepChainIsCutOff() throws IOException {
        List<Object> deep = new ArrayList<>();
        List<Object> at = deep;
        for (int i = 0; i < 1000; i++) {
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        byte[] b;
        try {
            b = bytes(deep);
        } catch (StackOverflowError tooDeepToWrite) {
            return; // nothing to read then
        }
        assertThrows(IOException.class, () -> TrustedObjects.read(b, List.class));
    }
}
