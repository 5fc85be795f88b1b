package io.learncast.farm.grid;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Spec hashes are pinned: a sweep already in a store is found again by the hash of its spec, so the
 * canonical form it is computed from must not change (the values were computed before that form became records).
 */
class SpecHashTest {
    static final String GRID = """
            name: pinned-grid
            property: {task: "modadd:p=23", metric: test_acc, threshold: 0.95, hold: 1}
            axes:
              train_frac: [0.3, 0.9]
              wd: [0.1, 1]
              width: {log: [32, 512], n: 5}
              lr: {lin: [1e-3, 3e-3], n: 2}
              batch: [full]
              optimizer: [adamw]
              budgets: [1000, 4000]
            seeds: 2
            eval_every: 100
            master_seed: 2023
            """;

    static final String SAMPLED = """
            name: pinned-sobol
            property: {task: "sparse-parity:n=16,k=3", threshold: 0.9}
            axes:
              n_train: {log: [32, 4096]}
              lr: {log: [3e-4, 0.1]}
              activation: [relu, tanh]
              batch: [32]
              budgets: [500, 2000]
            sampling: {sobol: 16}
            eval_every: 50
            master_seed: 607
            to_budget: true
            """;

    @Test
    void theHashOfASpecIsWhatItWas() {
        assertEquals("eeb61c71cc74c7df664334d8e3d1c549bd86ffd7856aec113f8a8dc5f9b5bff8", GridSpec.parse(GRID, "x", false).specHash());
        assertEquals("64739e9152f4d1182a80196522be1beac6e1f031d797692d939e073dfbe1df3b", GridSpec.parse(SAMPLED, "x", false).specHash());
        assertEquals("64739e9152f4d1182a80196522be1beac6e1f031d797692d939e073dfbe1df3b", GridSpec.parseSpace(SAMPLED, "x", false).specHash());
    }
}
