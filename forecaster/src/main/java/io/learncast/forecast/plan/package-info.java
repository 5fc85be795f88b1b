/** Planning a sweep: forecasts for every config of a grid spec, before any of it is trained. */
package io.learncast.forecast.plan;
