/** {@code learncast forecast bench}: the forecaster's fit, query and HTTP speed against their targets. */
package io.learncast.bench.forecast;
