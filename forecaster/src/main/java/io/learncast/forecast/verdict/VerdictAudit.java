package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit of the early verdict's stops: runs it stopped that were later resumed to their full budget
 * ({@code farm resume --sample}: a random sample of them) — how many of those would have learned had
 * they not been stopped. A resumed run keeps the verdict that stopped it, so the store tells them apart:
 * verdict recorded and outcome STOPPED_EARLY (still stopped), verdict recorded and another outcome
 * (audited), verdict recorded and not finished (being audited).
 */
public final class VerdictAudit {
    private VerdictAudit() {}

    /**
     * {@code stopped}: every run a verdict stopped; {@code stillStopped}: not resumed; {@code audited}:
     * resumed and finished; {@code pending}: resumed, not finished yet; {@code learned}: audited runs
     * that learned within their budget (the verdict stopped a learner), with their ids; {@code upper}:
     * the one-sided upper bound at {@code confidence} on the share of stopped runs that would have
     * learned; {@code estimate}: the audited learners plus that share of the runs still stopped
     * (meaningful when the audited runs were a random sample of the stopped ones), {@code estimateUpper}
     * the same with the upper bound.
     */
    public record Result(@JsonProperty("stopped") int stopped,
                         @JsonProperty("still_stopped") int stillStopped,
                         @JsonProperty("audited") int audited,
                         @JsonProperty("pending") int pending,
                         @JsonProperty("learned") int learned,
                         @JsonProperty("learned_runs") List<Long> learnedRuns,
                         @JsonProperty("confidence") double confidence,
                         @JsonProperty("learned_share_upper") double upper,
                         @JsonProperty("learners_stopped_estimate") double estimate,
                         @JsonProperty("learners_stopped_upper") double estimateUpper) {

        /** The line users read, e.g. "audit: 10 of 40 runs stopped early were resumed to their full budget: 0 would have learned (…)". */
        public String line() {
            if (stopped == 0) return "audit: no run has been stopped early by the verdict in this store";
            if (audited == 0) {
                return "audit: " + stopped + " run" + (stopped == 1 ? "" : "s") + " stopped early, none resumed yet" + (pending > 0 ? " (" + pending + " resumed, still training)" : "")
                        + "; resume a random sample with: learncast farm resume --sample 0.25";
            }
            String head = String.format(java.util.Locale.ROOT,
                    "audit: %d of %d runs stopped early were resumed to their full budget: %d would have learned (%s; %s upper bound on the share: %s)",
                    audited, stopped, learned, learned == 0 ? "none" : SafeThreshold.pct1(learned / (double) audited), LossBound.pct(confidence),
                    SafeThreshold.pct1(upper));
            String tail = stillStopped == 0 && pending == 0
                    ? " — every stopped run audited"
                    : String.format(java.util.Locale.ROOT, " → about %.1f of the %d stopped runs were learners (at most %.1f)", estimate, stopped, estimateUpper);
            return head + tail + (pending > 0 ? "; " + pending + " more resumed, still training" : "");
        }
    }

    public static Result of(Store store, double confidence) {
        int[] c = new int[4]; // stopped, still stopped, audited, pending
        List<Long> learned = new ArrayList<>();
        store.catalog().stream(RunFilter.all(), r -> {
            if (r.verdictJson() == null) return;
            c[0]++;
            if (r.state() == RunState.DONE && r.outcome() == Outcome.STOPPED_EARLY) c[1]++;
            else if (r.state() == RunState.DONE) {
                c[2]++;
                if (r.outcome() == Outcome.LEARNED && r.confirmStep() != null && r.confirmStep() <= r.config().steps()) learned.add(r.id());
            } else if (r.state() == RunState.QUEUED || r.state() == RunState.RUNNING) c[3]++;
        });
        int k = learned.size(), n = c[2];
        double upper = ClopperPearson.upper(k, n, confidence);
        double share = n == 0 ? Double.NaN : k / (double) n;
        // the audited runs are known; the share found among them stands for the runs still stopped
        return new Result(c[0], c[1], n, c[3], k, learned, confidence, upper, n == 0 ? Double.NaN : k + share * c[1], n == 0 ? Double.NaN : k + upper * c[1]);
    }
}
