package io.learncast.farm.store;

import io.learncast.farm.config.RunConfig;

import java.util.List;
import java.util.Optional;

/** The rounds of grow campaigns, so an interrupted campaign resumes where it stopped. */
public interface GrowRounds {

    /**
     * Records a round whose runs are enqueued (state {@link GrowRound#TRAINING}); returns it. If the
     * campaign already has this round (another process got there first), returns that one unchanged.
     */
    GrowRound start(String campaign, int round, String strategy, List<Long> runIds, String summaryJson);

    /** A round to start: its configs, enqueued as {@code sweep} from {@code source}, and the forecasts recorded for them before any trains. */
    record NewRound(String campaign, int round, String strategy, List<RunConfig> configs, String source, RunQueue.Sweep sweep,
                    List<NewForecast> forecasts) {
        public NewRound {
            configs = List.copyOf(configs);
            forecasts = List.copyOf(forecasts);
        }
    }

    /** The round's summary JSON, from its run ids (in config order), the runs newly enqueued and the forecasts recorded. */
    interface Summary {
        String json(List<Long> runIds, int enqueued, int recorded);
    }

    /**
     * Enqueues a round's configs, records its forecasts in the ledger and writes its row, all in one
     * transaction: a process killed on the way leaves none of them, so the round is proposed again and no
     * forecast is recorded twice. If the campaign already has this round, returns it and writes nothing.
     */
    GrowRound start(NewRound round, Summary summary);

    /** Marks a round done with the model fitted after it and its summary; false if there is no such round. */
    boolean finish(String campaign, int round, Long modelId, String summaryJson);

    Optional<GrowRound> get(String campaign, int round);

    /** A campaign's rounds in order. */
    List<GrowRound> rounds(String campaign);

    /** Every campaign's rounds, by campaign then round (for the report). */
    List<GrowRound> all();
}
