/**
 * The models: the structured cure model of steps-to-learn ({@link io.learncast.forecast.model.CureModel},
 * optionally with boosted tree corrections), Smile's random forest, gradient-boosted trees and logistic
 * regression as candidates, calibration, the fitter that picks among them by grouped cross-validation,
 * and the fitted forecaster that answers queries with intervals, attributions, neighbours and warnings.
 */
package io.learncast.forecast.model;
