/**
 * The knob catalogue: every config knob declared once ({@link io.learncast.farm.config.knob.KnobCatalogue}),
 * with its key, CLI flag, type, unit, default (constant or rule), range, help, group, architecture and
 * feature encoding. CLI options, spec axes, corpus fields, split fields and the HTTP request parser iterate
 * it; {@link io.learncast.farm.config.knob.KnobValues} is what they fill and
 * {@link io.learncast.farm.config.RunConfig#from} is the one way they build a config.
 */
package io.learncast.farm.config.knob;
