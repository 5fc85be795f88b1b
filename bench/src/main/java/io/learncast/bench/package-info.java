/**
 * The benchmarks, kept out of the main code (the {@code bench} Maven module, beside the {@code bench/*}
 * scripts): {@link io.learncast.bench.BenchCommands} adds their commands to the {@code learncast} command.
 * Subpackages: {@code farm} (fault injection and the shared-store cost, {@code learncast bench}; the one
 * place outside the store's jdbc package allowed raw SQL), {@code speed} ({@code bench/speed}),
 * {@code corpus} ({@code corpus bench}), {@code forecast} ({@code forecast bench}), {@code grow}
 * ({@code grow bench}).
 */
package io.learncast.bench;
