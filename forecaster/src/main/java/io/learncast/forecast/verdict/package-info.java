/**
 * The early verdict: from a config and the first part of its learning curve, the probability that a
 * run learns its property by the end of its budget, and when. Trained on the stored curves truncated
 * at several fractions of the budget (grouped by config) on scale-free features that carry across task
 * sizes ({@link io.learncast.forecast.verdict.CurveFeatures}); its stopping threshold is chosen from its
 * out-of-fold verdicts under a stated bound on learners and late learners lost
 * ({@link io.learncast.forecast.verdict.SafeThreshold}, {@link io.learncast.forecast.verdict.LossBound}),
 * or refused; scored by grouped cross-validation, leave-one-out by task, p or sweep, and on other stores
 * ({@link io.learncast.forecast.verdict.VerdictTransfer}) against a median pruner; audited on stopped
 * runs resumed to their budget ({@link io.learncast.forecast.verdict.VerdictAudit}); and wired into the
 * farm as an {@link io.learncast.farm.train.EarlyStopRule}.
 */
package io.learncast.forecast.verdict;
