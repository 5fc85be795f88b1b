package io.learncast.app.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.GrowRound;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grow page: every campaign's rounds, and the newest round (its task and property, so the page can draw
 * where its runs landed on that task's phase diagram).
 */
record GrowView(@JsonProperty("campaigns") List<Campaign> campaigns, @JsonProperty("newest") Newest newest) {

    record Round(@JsonProperty("round") int round, @JsonProperty("strategy") String strategy, @JsonProperty("state") String state,
                 @JsonProperty("runs") int runs, @JsonProperty("model_id") Long modelId, @JsonProperty("created") String created,
                 @JsonProperty("finished") String finished, @JsonProperty("summary") JsonNode summary) {}

    record Campaign(@JsonProperty("name") String name, @JsonProperty("rounds") List<Round> rounds) {}

    record Newest(@JsonProperty("campaign") String campaign, @JsonProperty("round") int round, @JsonProperty("task") String task,
                  @JsonProperty("metric") String metric, @JsonProperty("threshold") double threshold, @JsonProperty("budget") long budget) {}

    static GrowView of(Store s) {
        Map<String, List<Round>> byCampaign = new LinkedHashMap<>();
        GrowRound newest = null;
        for (GrowRound r : s.growRounds().all()) {
            byCampaign.computeIfAbsent(r.campaign(), k -> new ArrayList<>()).add(new Round(r.round(), r.strategy(), r.state(), r.runIds().size(), r.modelId(),
                    r.createdAt().toString(), r.finishedAt() == null ? null : r.finishedAt().toString(), summary(r.summaryJson())));
            if (newest == null || r.createdAt().isAfter(newest.createdAt()) || (r.createdAt().equals(newest.createdAt()) && r.id() > newest.id())) newest = r;
        }
        List<Campaign> campaigns = new ArrayList<>();
        byCampaign.forEach((k, v) -> campaigns.add(new Campaign(k, v)));
        Newest n = null;
        if (newest != null && !newest.runIds().isEmpty()) {
            List<StoredRun> first = s.catalog().runs(RunFilter.all().withIds(List.of(newest.runIds().get(0))));
            if (!first.isEmpty()) {
                RunConfig c = first.get(0).config();
                n = new Newest(newest.campaign(), newest.round(), c.task(), c.metric().key(), c.threshold(), c.steps());
            }
        }
        return new GrowView(campaigns, n);
    }

    /** The run ids of a campaign's round, or null if there is no such round. */
    static List<Long> roundIds(Store s, String campaign, int round) {
        return s.growRounds().get(campaign, round).map(GrowRound::runIds).orElse(null);
    }

    private static JsonNode summary(String json) {
        if (json == null) return null;
        try {
            return ConfigJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return ConfigJson.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
