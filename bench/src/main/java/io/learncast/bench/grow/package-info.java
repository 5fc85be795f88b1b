/** {@code learncast grow bench} ({@code bench/grow/run}): uncertainty against random sampling on a fixed pool of runs. */
package io.learncast.bench.grow;
