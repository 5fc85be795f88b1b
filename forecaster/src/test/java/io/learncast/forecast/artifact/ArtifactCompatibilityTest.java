package io.learncast.forecast.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Artifacts written by older builds stay loadable and give the forecasts they gave: the fixture
 * {@code forecaster-v1.zip} was written by the first artifact format, with its forecasts beside it.
 */
class ArtifactCompatibilityTest {

    static byte[] resource(String name) throws Exception {
        try (InputStream in = ArtifactCompatibilityTest.class.getResourceAsStream("/artifacts/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void aVersion1ArtifactLoadsAndForecastsAsItDid() throws Exception {
        byte[] v1 = resource("forecaster-v1.zip");
        assertEquals(1, Artifacts.formatVersion(v1));
        FittedForecaster f = Artifacts.read(v1);
        assertEquals(1, Artifacts.report(v1).formatVersion());
        JsonNode expected = ConfigJson.MAPPER.readTree(resource("forecaster-v1-forecasts.json"));
        assertEquals(20, expected.size());
        for (JsonNode e : expected) {
            RunConfig c = ConfigJson.MAPPER.treeToValue(e.get("config"), RunConfig.class);
            Forecast now = f.predict(c, c.steps());
            JsonNode then = e.get("forecast");
            assertEquals(then.get("p").asDouble(), now.p(), 1e-9, c.describe());
            assertEquals(then.get("p_low").asDouble(), now.pLow(), 1e-9);
            assertEquals(then.get("p_high").asDouble(), now.pHigh(), 1e-9);
            if (then.has("steps_median")) assertEquals(then.get("steps_median").asDouble(), now.stepsMedian(), 1e-6);
            assertEquals(then.get("neighbours").get(0).get("group_hash").asText(), now.neighbours().get(0).groupHash());
        }
    }

    @Test
    void newerFormatsAreRefusedWithAClearMessage() throws Exception {
        byte[] v1 = resource("forecaster-v1.zip");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Artifacts.read(withVersion(v1, 99)));
        assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
    }

    /** The same artifact with another format version in its manifest. */
    static byte[] withVersion(byte[] artifact, int version) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(artifact));
             var out = new java.util.zip.ZipOutputStream(bytes)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                if (e.getName().equals("manifest.json")) {
                    var m = (com.fasterxml.jackson.databind.node.ObjectNode) ConfigJson.MAPPER.readTree(data);
                    m.put("format_version", version);
                    data = ConfigJson.MAPPER.writeValueAsBytes(m);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
