package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What scripts read from {@code --json}: the documents are records now, and keep the shape they had as sorted maps —
 * every object's fields in sorted order, the fields of the other case absent (not null).
 */
class JsonOutputTest {
    @TempDir Path dir;

    private static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.code(), r.err() + r.out());
        return new ObjectMapper().readTree(r.out());
    }

    /** Every object in the document lists its fields in sorted order (as the mapper wrote the maps these records replace). */
    private static void assertSorted(JsonNode n, String where) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(null);
            assertEquals(sorted, names, "fields of " + where);
            for (String k : names) assertSorted(n.get(k), where + "." + k);
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) assertSorted(n.get(i), where + "[" + i + "]");
        }
    }

    @Test
    void tasksListsEachTaskAndItsParametersInSortedFieldOrder() throws Exception {
        JsonNode tasks = json(CliRunner.run("tasks", "--json"));
        assertTrue(tasks.size() > 3, tasks.toString());
        assertSorted(tasks, "tasks");
        JsonNode modadd = null;
        for (JsonNode t : tasks) if (t.get("name").asText().equals("modadd")) modadd = t;
        assertNotNull(modadd, tasks.toString());
        assertTrue(modadd.get("params").get(0).has("default"), "a parameter's default is always there (null when it has none)");
    }

    @Test
    void enqueueDryRunHasDryRunAndWhatItWouldAddButNoneOfTheWritesFields() throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), FarmCommandTest.TINY);
        String db = dir.resolve("store").toString();
        JsonNode dry = json(CliRunner.run("farm", "enqueue", spec.toString(), "--db", db, "--dry-run", "--json"));
        assertSorted(dry, "dry run");
        assertTrue(dry.get("dry_run").asBoolean());
        for (String absent : List.of("sweep_id", "sweep_known", "added", "added_ids")) assertFalse(dry.has(absent), absent + " in " + dry);
        assertEquals(0, dry.get("already_present").asInt(), "no store yet: nothing is there");
        assertEquals(dry.get("runs").asInt(), dry.get("would_add").asInt());
        assertFalse(Files.exists(Path.of(db)), "a dry run writes nothing");

        JsonNode done = json(CliRunner.run("farm", "enqueue", spec.toString(), "--db", db, "--json"));
        assertSorted(done, "enqueue");
        assertFalse(done.has("dry_run"), done.toString());
        assertEquals(done.get("runs").asInt(), done.get("added").asInt());
        assertEquals(done.get("runs").asInt(), done.get("added_ids").size());

        JsonNode status = json(CliRunner.run("farm", "status", "--db", db, "--json"));
        assertSorted(status, "farm status");
        assertTrue(status.has("eta_minutes") && status.get("eta_minutes").isNull(), "nothing finished yet: the ETA is null, not absent: " + status);
        assertEquals(done.get("runs").asInt(), status.get("states").get("queued").asInt());
        assertEquals(done.get("runs").asInt(), status.get("sweeps").get(0).get("queued").asInt());
    }
}
