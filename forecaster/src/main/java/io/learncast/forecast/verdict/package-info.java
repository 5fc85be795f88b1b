/**
 * The early verdict: from a config and the first part of its learning curve, the probability that a
 * run learns its property by the end of its budget, and when. Trained on the stored curves truncated
 * at several fractions of the budget (grouped by config), scored by grouped cross-validation against a
 * median pruner, and wired into the farm as an {@link io.learncast.farm.train.EarlyStopRule}.
 */
package io.learncast.forecast.verdict;
