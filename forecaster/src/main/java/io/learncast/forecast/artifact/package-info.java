/**
 * Model artifacts: a fitted forecaster as bytes (a ZIP of JSON documents plus Java-serialised Smile
 * trees) with a format version, so that older artifacts stay loadable after the format changes.
 */
package io.learncast.forecast.artifact;
