package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.worker.RunExecutor;
import io.learncast.farm.worker.WorkerPool;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code farm run --json} prints: JSON lines, one {@link RunLine} as each run of this process finishes
 * (streamed, so a script can follow the farm), then one {@link Summary}. Every line has {@code event}.
 */
final class FarmRunJson {
    private FarmRunJson() {}

    /**
     * A run this process finished with ({@code event: "run"}). {@code status}: completed (trained and recorded:
     * outcome and the rest are set), failed (an attempt failed, {@code error} says why; it is retried up to 3 attempts),
     * released (given back to the queue by Ctrl-C) or fenced (its lease was lost to another worker, which trains it).
     * {@code done}: runs this process has completed so far, counting this one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunLine(@JsonProperty("event") String event, @JsonProperty("run_id") long runId, @JsonProperty("status") String status,
                   @JsonProperty("config") String config, @JsonProperty("config_hash") String configHash, @JsonProperty("outcome") String outcome,
                   @JsonProperty("learned") Boolean learned, @JsonProperty("steps_to_learn") Long stepsToLearn, @JsonProperty("confirm_step") Long confirmStep,
                   @JsonProperty("steps_trained") Long stepsTrained, @JsonProperty("final_test_acc") Double finalTestAcc,
                   @JsonProperty("final_train_acc") Double finalTrainAcc, @JsonProperty("wall_ms") Long wallMs, @JsonProperty("error") String error,
                   @JsonProperty("worker") String worker, @JsonProperty("done") long done) {

        static RunLine of(RunExecutor.Report r, long done) {
            RunResult x = r.result();
            boolean completed = r.status() == RunExecutor.Status.COMPLETED && x != null;
            return new RunLine("run", r.claim().runId(), r.status().name().toLowerCase(Locale.ROOT), r.claim().config().describe(),
                    r.claim().config().configHash(), completed ? x.outcome().name().toLowerCase(Locale.ROOT) : null, completed ? x.learned() : null,
                    completed ? x.stepsToLearn() : null, completed ? x.confirmStep() : null, completed ? x.stepsTrained() : null,
                    completed ? finite(x.finalTestAcc()) : null, completed ? finite(x.finalTrainAcc()) : null,
                    completed && x.wallMs() >= 0 ? x.wallMs() : null, r.error(), r.claim().worker(), done);
        }
    }

    /** The last line ({@code event: "summary"}): what {@code farm run} prints at the end, and the queue after it. */
    record Summary(@JsonProperty("event") String event, @JsonProperty("worker") String worker, @JsonProperty("threads") int threads,
                   @JsonProperty("trainer") String trainer, @JsonProperty("claimed") long claimed, @JsonProperty("completed") long completed,
                   @JsonProperty("learned") long learned, @JsonProperty("not_learned") long notLearned, @JsonProperty("diverged") long diverged,
                   @JsonProperty("stopped_early") long stoppedEarly, @JsonProperty("steps_saved") long stepsSaved,
                   @JsonProperty("failed_attempts") long failedAttempts, @JsonProperty("released") long released, @JsonProperty("fenced") long fenced,
                   @JsonProperty("wall_ms") long wallMs, @JsonProperty("runs_per_minute") double runsPerMinute, @JsonProperty("store_ms") long storeMs,
                   @JsonProperty("store_share") double storeShare, @JsonProperty("store_ms_by_call") Map<String, Long> storeMsByCall,
                   @JsonProperty("store_calls") Map<String, Long> storeCalls, @JsonProperty("background_store_ms") long backgroundStoreMs,
                   @JsonProperty("memory") Memory memory, @JsonProperty("interrupted") boolean interrupted, @JsonProperty("error") String error,
                   @JsonProperty("queue") Map<String, Long> queue) {

        static Summary of(WorkerPool.Summary s, StoreStatus after) {
            Map<String, Long> q = new LinkedHashMap<>();
            for (RunState st : RunState.values()) q.put(st.name().toLowerCase(Locale.ROOT), after.count(st));
            return new Summary("summary", s.workerId(), s.threads(), s.trainer(), s.claimed(), s.completed(), s.learned(), s.notLearned(), s.diverged(),
                    s.stoppedEarly(), s.stepsSaved(), s.failedAttempts(), s.released(), s.fenced(), s.wallMs(), s.runsPerMinute(), s.storeMs(), s.storeShare(),
                    s.storeMsByCall(), s.storeCallsByCall(), s.backgroundStoreMs(),
                    new Memory(s.memory().batches(), s.memory().firstKb(), s.memory().lastKb(), s.memory().peakKb(), s.memory().collections()),
                    s.interrupted(), s.error(), q);
        }
    }

    /** The worker process's resident memory over its batches (KB), and the GCs the memory guard asked for. */
    record Memory(@JsonProperty("batches") long batches, @JsonProperty("rss_first_kb") long rssFirstKb, @JsonProperty("rss_last_kb") long rssLastKb,
                  @JsonProperty("rss_peak_kb") long rssPeakKb, @JsonProperty("gc_requests") int gcRequests) {}

    /** Prints one object as one line and flushes it, so a reader of the pipe sees it at once. */
    static void line(PrintWriter out, Object value) {
        String text;
        try {
            text = ConfigJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }
}
