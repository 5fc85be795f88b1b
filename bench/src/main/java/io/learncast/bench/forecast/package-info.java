/** {@code learncast forecast bench}: the forecaster's fit, query and HTTP speed against their targets; {@code learncast eval bench}: eval at scale. */
package io.learncast.bench.forecast;
