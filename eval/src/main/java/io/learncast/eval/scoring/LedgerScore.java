package io.learncast.eval.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The prospective ledger: forecasts recorded before their config was trained, scored against the run
 * trained afterwards. {@code score} is null until at least one entry has an outcome.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerScore(@JsonProperty("entries") int entries,
                          @JsonProperty("scored") int scored,
                          @JsonProperty("newly_scored") int newlyScored,
                          @JsonProperty("pending") int pending,
                          @JsonProperty("chain_intact") boolean chainIntact,
                          @JsonProperty("score") ModelScore score) {}
