package io.learncast.data;

import io.learncast.common.UserError;

import java.util.List;

/**
 * How a token task's examples become the transformer's input sequences. Every sequence ends in a
 * read-out token (written {@code =}), and the network's answer is read at that last position:
 *
 * <table>
 *   <caption>Sequences and vocabularies per task</caption>
 *   <tr><th>task</th><th>sequence</th><th>positions</th><th>vocabulary</th></tr>
 *   <tr><td>modadd, modsub, modmul (p)</td><td>{@code a b =}</td><td>3</td><td>p + 1: operands 0…p−1, {@code =} is p</td></tr>
 *   <tr><td>addition (digits D, base B)</td><td>{@code a₁…a_D b₁…b_D =} (most significant digit first)</td><td>2D + 1</td>
 *       <td>B + 1: digits 0…B−1, {@code =} is B</td></tr>
 *   <tr><td>parity, sparse-parity (n)</td><td>{@code x₁…x_n =} (bit j is 1 where the MLP's input is +1)</td><td>n + 1</td>
 *       <td>3: bits 0 and 1, {@code =} is 2</td></tr>
 * </table>
 *
 * <p>The classes are the task's (p residues, 2·(B^D − 1) + 1 sums, 2 parities). CSV tables have numeric
 * features, not tokens: asking for a transformer on one is a {@link UserError}. An allow-list, so a task
 * added later is refused until its sequence is defined here.
 */
public record SequenceFormat(String task, int positions, int vocab, Source source) {

    /** Where the tokens come from: the task's operand tokens, or its ±1 features read as bits. */
    public enum Source { TOKENS, BITS }

    static final List<String> TOKEN_TASKS = List.of("modadd", "modsub", "modmul", "addition");
    static final List<String> BIT_TASKS = List.of("parity", "sparse-parity");

    /** The read-out token {@code =}: the last token of the vocabulary. */
    public int readOut() { return vocab - 1; }

    /** Refuses, with the format's clear error, a task that has no sequence form (checked when a transformer config is built). */
    public static void requireSequenceTask(String taskName) {
        if (!TOKEN_TASKS.contains(taskName) && !BIT_TASKS.contains(taskName)) throw refuse(taskName);
    }

    /** The format for a task (by its name, e.g. {@code modadd}) with the given input space. */
    public static SequenceFormat of(String taskName, InputSpace input) {
        SequenceFormat f = orNull(taskName, input);
        if (f == null) throw refuse(taskName);
        return f;
    }

    /** As {@link #of(String, InputSpace)}, or null when the task has no sequence form (only an MLP can learn it). */
    public static SequenceFormat orNull(String taskName, InputSpace input) {
        if (TOKEN_TASKS.contains(taskName) && input.isTokens()) {
            return new SequenceFormat(taskName, input.positions() + 1, input.vocab() + 1, Source.TOKENS);
        }
        if (BIT_TASKS.contains(taskName) && !input.isTokens()) {
            return new SequenceFormat(taskName, input.dim() + 1, 3, Source.BITS);
        }
        return null;
    }

    private static UserError refuse(String taskName) {
        return new UserError("arch", "a transformer needs a token task; " + taskName + " is not one"
                + (taskName.equals("csv") ? " (a CSV table has numeric feature columns)" : ""),
                "use arch mlp, or one of the token tasks: " + String.join(", ", TOKEN_TASKS) + ", " + String.join(", ", BIT_TASKS));
    }

    public static SequenceFormat of(Dataset d) {
        return of(d.task().name(), d.input());
    }

    /** The sequences of {@code s} (row-major, {@link #positions()} tokens per example), read-out token last. */
    public int[] encode(Split s, InputSpace input) {
        int n = s.size();
        int t = positions;
        int[] out = new int[n * t];
        for (int e = 0; e < n; e++) {
            int o = e * t;
            if (source == Source.TOKENS) {
                System.arraycopy(s.tokens(), e * (t - 1), out, o, t - 1);
            } else {
                float[] f = s.features();
                for (int j = 0; j < t - 1; j++) out[o + j] = f[e * input.dim() + j] > 0 ? 1 : 0;
            }
            out[o + t - 1] = readOut();
        }
        return out;
    }
}
