package io.learncast.farm.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.CodeVersion;
import io.learncast.farm.config.RunConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a result came from, enough to replay it: the config, the dataset fingerprint, the seeds
 * derived from it, the code version, the trainer, host and times. Imported runs carry their source
 * and any fields learncast does not know in {@code extra}.
 */
public record Provenance(
        @JsonProperty("config") RunConfig config,
        @JsonProperty("dataset_fingerprint") String datasetFingerprint,
        @JsonProperty("seeds") Map<String, Long> seeds,
        @JsonProperty("code_version") String codeVersion,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("source") String source,
        @JsonProperty("host") String host,
        @JsonProperty("started") String started,
        @JsonProperty("finished") String finished,
        @JsonProperty("java") String java,
        @JsonProperty("extra") Map<String, Object> extra) { // open: an imported record's fields, named by its source

    public static Provenance forTraining(RunConfig c, String fingerprint, String trainer, Instant started, Instant finished) {
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("run", c.seed());
        seeds.put("data", c.dataSeed());
        seeds.put("init", c.initSeed());
        seeds.put("order", c.orderSeed());
        return new Provenance(c, fingerprint, seeds, CodeVersion.get(), trainer, "farm", hostName(),
                started.toString(), finished.toString(), System.getProperty("java.version"), Map.of());
    }

    public static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
