/**
 * Benchmarks that measure the farm's promises: {@code learncast bench faults} injects faults (kill -9 of
 * workers and of the process owning an embedded H2 store, stalled workers, database outages, NaN/Inf,
 * malformed input) into real processes on a real store, H2 or PostgreSQL, and reports what survived.
 */
package io.learncast.app.bench;
