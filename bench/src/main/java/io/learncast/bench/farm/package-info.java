/**
 * Benchmarks that measure the farm's promises: {@code learncast bench faults} injects faults (kill -9 of
 * workers, of the process owning an embedded H2 store and of a shared folder's holder, stalled workers,
 * database outages, NaN/Inf, malformed input) into real processes on a real store, H2 or PostgreSQL, and
 * reports what survived; {@code learncast bench share} measures what sharing the default store costs the farm.
 */
package io.learncast.bench.farm;
