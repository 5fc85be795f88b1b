/** {@code learncast corpus bench} ({@code bench/export-benchmark}): corpus export and import speed on a scratch store. */
package io.learncast.bench.corpus;
