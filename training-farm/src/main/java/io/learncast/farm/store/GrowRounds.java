package io.learncast.farm.store;

import java.util.List;
import java.util.Optional;

/** The rounds of grow campaigns, so an interrupted campaign resumes where it stopped. */
public interface GrowRounds {

    /**
     * Records a round whose runs are enqueued (state {@link GrowRound#TRAINING}); returns it. If the
     * campaign already has this round (another process got there first), returns that one unchanged.
     */
    GrowRound start(String campaign, int round, String strategy, List<Long> runIds, String summaryJson);

    /** Marks a round done with the model fitted after it and its summary; false if there is no such round. */
    boolean finish(String campaign, int round, Long modelId, String summaryJson);

    Optional<GrowRound> get(String campaign, int round);

    /** A campaign's rounds in order. */
    List<GrowRound> rounds(String campaign);

    /** Every campaign's rounds, by campaign then round (for the report). */
    List<GrowRound> all();
}
