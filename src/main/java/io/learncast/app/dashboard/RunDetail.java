package io.learncast.app.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;

import java.util.List;

/** A run's page: its row, the full config, its learning curves and its provenance. */
record RunDetail(@JsonProperty("run") RunRow run, @JsonProperty("config") String config, @JsonProperty("config_hash") String configHash,
                 @JsonProperty("attempts") int attempts, @JsonProperty("created") String created, @JsonProperty("finished") String finished,
                 @JsonProperty("wall_ms") Long wallMs, @JsonProperty("trainer") String trainer, @JsonProperty("worker") String worker,
                 @JsonProperty("dataset") String dataset, @JsonProperty("params") long params, @JsonProperty("error") String error,
                 @JsonProperty("provenance") JsonNode provenance, @JsonProperty("curve") List<Point> curve) {

    /** One evaluation; NaN and infinities (a diverged run) are written as null, which JSON can carry. */
    record Point(@JsonProperty("step") long step, @JsonProperty("train_loss") Double trainLoss, @JsonProperty("train_acc") Double trainAcc,
                 @JsonProperty("test_loss") Double testLoss, @JsonProperty("test_acc") Double testAcc, @JsonProperty("weight_norm") Double weightNorm) {
        static Point of(CurvePoint p) {
            return new Point(p.step(), finite(p.trainLoss()), finite(p.trainAcc()), finite(p.testLoss()), finite(p.testAcc()), finite(p.weightNorm()));
        }
    }

    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }

    static RunDetail of(Store s, long id) {
        StoredRun r = s.catalog().run(id).orElseThrow(() -> new DashError(404, "id", "id: no run " + id + " in this store"));
        JsonNode prov = null;
        if (r.provenanceJson() != null) {
            try {
                prov = ConfigJson.MAPPER.readTree(r.provenanceJson());
            } catch (java.io.IOException e) {
                prov = ConfigJson.MAPPER.getNodeFactory().textNode(r.provenanceJson());
            }
        }
        List<Point> curve = s.catalog().curve(id).stream().map(Point::of).toList();
        return new RunDetail(RunRow.of(r), r.config().describe(), r.configHash(), r.attempts(), String.valueOf(r.createdAt()),
                r.finishedAt() == null ? null : r.finishedAt().toString(), r.wallMs(), r.trainer(), r.worker(), r.datasetFingerprint(), r.paramCount(),
                r.error(), prov, curve);
    }
}
