/** {@code learncast dashboard bench}: the dashboard's page and phase-query speed over a large store. */
package io.learncast.bench.dashboard;
