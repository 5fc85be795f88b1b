/**
 * Properties read off a stored curve rather than trained for: a threshold on any recorded metric
 * ({@link io.learncast.data.property.CurveProperty.Threshold}), and the phenomena {@code grokking}
 * (generalising long after memorising) and {@code memorisation} (fitting the training set while the
 * test set stays near chance). {@link io.learncast.data.property.CurveLabeller} turns a curve into a
 * {@link io.learncast.data.property.CurveLabel}: reached (at which step), never, or censored — a curve
 * that ends before the property is decided says nothing about it.
 */
package io.learncast.data.property;
