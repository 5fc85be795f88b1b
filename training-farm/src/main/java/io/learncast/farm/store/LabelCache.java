package io.learncast.farm.store;

import io.learncast.data.property.CurveLabel;

import java.util.Collection;
import java.util.Map;

/**
 * Labels of properties read off finished runs' curves, kept in the store so each curve is labelled once per
 * property, not once per query (the forecaster's {@code PropertyLabels} computes them). A cache: a label is
 * only returned for the curve it was computed from (the run's claim count) and by the same labeller version.
 */
public interface LabelCache {
    /** The longest property text kept; longer ones are labelled every time, never truncated. */
    int MAX_PROPERTY = 400;

    /** The stored labels of {@code property} for {@code runs}, by run id: those computed from each run's current curve by {@code version}. */
    Map<Long, CurveLabel> read(String property, int version, Collection<StoredRun> runs);

    /** Keeps {@code labels} (by run) of {@code property}, replacing older ones of the same runs. */
    void write(String property, int version, Map<StoredRun, CurveLabel> labels);
}
