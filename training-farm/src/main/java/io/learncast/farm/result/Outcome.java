package io.learncast.farm.result;

/**
 * How a finished run ended. DIVERGED (non-finite loss or exploding weights) is an outcome, not a
 * failure: it is recorded with its partial curve and never retried. STOPPED_EARLY marks a run cut
 * short by the early verdict; it is never confused with a run that used its whole budget.
 */
public enum Outcome {
    LEARNED, NOT_LEARNED, DIVERGED, STOPPED_EARLY
}
