package io.learncast.forecast.store;

import io.learncast.common.UserError;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.forecast.judge.JudgeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A store written by someone else holds a model whose serialised part names a foreign class: loading it is a user
 * error naming the class (exit 2 in the CLI), never a deserialised gadget and never a stack trace.
 */
class HostileStoredModelTest {

    /** The URLDNS probe: a HashMap keyed by a URL resolves the host while it is read. */
    static byte[] probe() throws Exception {
        Map<URL, String> m = new HashMap<>();
        m.put(new URL("http://probe.invalid/"), "x");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(m);
        }
        return b.toByteArray();
    }

    static byte[] zip(String... nameThenBytes) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (int i = 0; i < nameThenBytes.length; i += 2) {
                z.putNextEntry(new ZipEntry(nameThenBytes[i]));
                z.write(nameThenBytes[i + 1].equals("PROBE") ? probe() : nameThenBytes[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    @Test
    void aForecasterWhoseTreesAreAProbeIsAUserError(@TempDir Path dir) throws Exception {
        byte[] artifact = zip("manifest.json", "{\"format\":\"learncast-forecaster\",\"format_version\":2,\"report\":{}}",
                "model.json", "{\"probabilityKind\":\"trees\",\"rowFeatures\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                        io.learncast.forecast.features.Features.ALL) + "}",
                "probability.ser", "PROBE");
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("db").toString(), "--db"))) {
            s.models().register(new NewModel(ForecasterRegistry.KIND, "test", 2, 0, 0, "x", "{}", artifact), true);
            UserError e = assertThrows(UserError.class, () -> ForecasterRegistry.require(s, "forecast"));
            assertTrue(e.getMessage().contains("java.net.URL") && e.getMessage().contains("refused"), e.getMessage());
        }
    }

    @Test
    void aJudgeThatIsAProbeIsAUserError(@TempDir Path dir) throws Exception {
        byte[] artifact = zip("model.ser", "PROBE", "report.json", "{}");
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("db").toString(), "--db"))) {
            s.models().register(new NewModel(JudgeRegistry.KIND, "test", 1, 0, 0, "x", "{}", artifact), true);
            UserError e = assertThrows(UserError.class, () -> JudgeRegistry.require(s));
            assertTrue(e.getMessage().contains("java.net.URL"), e.getMessage());
        }
    }
}
