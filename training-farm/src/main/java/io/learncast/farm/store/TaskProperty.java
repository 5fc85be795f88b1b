package io.learncast.farm.store;

import io.learncast.data.Metric;

/** A task (canonical spec) and a property its runs were judged by, with how many runs and how many are DONE. */
public record TaskProperty(String task, Metric metric, double threshold, long runs, long done) {}
