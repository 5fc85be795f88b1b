/**
 * Every property for free from the stored curves: {@link io.learncast.forecast.property.PropertyLabels}
 * labels a store's finished runs for any {@link io.learncast.data.property.CurveProperty} (cached per
 * property, new runs labelled as they land) and says plainly when the corpus cannot label it;
 * {@link io.learncast.forecast.property.PropertyForecasters} fits and registers one forecaster per
 * property; {@link io.learncast.forecast.property.DelayRatioModel} forecasts grokking's delay ratio
 * t_gen / t_mem with an interval.
 */
package io.learncast.forecast.property;
