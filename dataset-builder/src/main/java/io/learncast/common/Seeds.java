package io.learncast.common;

import java.nio.charset.StandardCharsets;

/**
 * Seed derivation. Every random stream in learncast is derived from a master seed and names
 * (config hash, replica, purpose), so any run can be replayed exactly from its stored config.
 */
public final class Seeds {
    private Seeds() {}

    /** The master seed used when a spec does not give one. */
    public static final long DEFAULT_MASTER = 20261126L;

    /** Mixes a seed with a purpose label, e.g. {@code derive(runSeed, "init")}. */
    public static long derive(long seed, String purpose) {
        long h = seed;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return mix(h ^ 0x9E3779B97F4A7C15L);
    }

    /** Mixes two numbers (e.g. master seed and replica index). */
    public static long derive(long seed, long value) {
        return mix(mix(seed) ^ mix(value + 0x632BE59BD9B4E019L));
    }

    /** SplitMix64 finaliser: a bijection with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
