package io.learncast.data;

import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds datasets: chooses the train and test examples from a task's universe (a seeded permutation
 * for enumerable universes, seeded distinct sampling otherwise), corrupts a fraction of training labels,
 * and fingerprints the result. The same (task, data spec, seed) always gives the same bytes.
 */
public final class Datasets {
    /** Universes up to this size are permuted exactly; larger ones are sampled. */
    static final long ENUMERABLE = 1L << 22;

    private Datasets() {}

    public static Dataset build(TaskSpec spec, DataSpec data, long seed) {
        Task task = TaskCatalog.create(spec, seed, "task");
        return build(task, data, seed);
    }

    public static Dataset build(Task task, DataSpec data, long seed) {
        long universe = task.universeSize();
        long nTrainL;
        if (data.trainFrac() != null) {
            if (universe > ENUMERABLE) {
                throw new UserError("train_frac", task.spec().name() + " has " + (universe == Long.MAX_VALUE ? "too many" : Long.toString(universe))
                        + " possible examples for a train fraction", "give a number of training examples (n_train) instead");
            }
            nTrainL = Math.max(1, Math.round(data.trainFrac() * universe));
        } else {
            nTrainL = data.nTrain();
            if (nTrainL >= universe) {
                throw new UserError("n_train", "training-set size " + nTrainL + " leaves no test examples: " + task.spec().canonical() + " has " + universe + " in all",
                        "use at most " + (universe - 1) + ", or a train fraction of 1");
            }
        }
        if (nTrainL > 5_000_000) throw new UserError("n_train", "training-set size " + nTrainL + " is too large", "use at most 5,000,000 examples");
        int nTrain = (int) nTrainL;
        long rest = universe - nTrain;
        int cap = data.testSize() != null ? data.testSize() : DataSpec.DEFAULT_TEST_CAP;
        int nTest = (int) Math.min(cap, rest);
        boolean testIsTrain = nTest == 0;

        long[] picked = pick(universe, nTrain + nTest, Seeds.derive(seed, "split"));
        InputSpace space = task.inputSpace();
        Split train = materialise(task, space, picked, 0, nTrain);
        Split test = testIsTrain ? train : materialise(task, space, picked, nTrain, nTest);
        int noisy = corrupt(train.labels(), data.labelNoise(), task.numClasses(), Seeds.derive(seed, "label-noise"));
        if (testIsTrain && noisy > 0) {
            // with no held-out data, "test" means the clean training labels
            test = materialise(task, space, picked, 0, nTrain);
        }
        String fp = fingerprint(task, space, train, test, testIsTrain);
        return new Dataset(task.spec(), data, seed, space, task.numClasses(), train, test, testIsTrain, noisy, task.hidden(), fp);
    }

    /** Distinct indices in [0, universe): a partial Fisher–Yates shuffle, or rejection sampling for huge universes. */
    static long[] pick(long universe, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] out = new long[count];
        if (universe <= ENUMERABLE) {
            int u = (int) universe;
            int[] perm = new int[u];
            for (int i = 0; i < u; i++) perm[i] = i;
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(u - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                out[i] = perm[i];
            }
        } else {
            Set<Long> seen = new HashSet<>(count * 2);
            for (int i = 0; i < count; ) {
                long v = universe == Long.MAX_VALUE ? rnd.nextLong() & Long.MAX_VALUE : rnd.nextLong(universe);
                if (seen.add(v)) out[i++] = v;
            }
        }
        return out;
    }

    private static Split materialise(Task task, InputSpace space, long[] picked, int from, int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = task.label(picked[from + i]);
        if (space.isTokens()) {
            int[] tokens = new int[n * space.positions()];
            for (int i = 0; i < n; i++) task.writeTokens(picked[from + i], tokens, i * space.positions());
            return Split.ofTokens(tokens, labels);
        }
        float[] x = new float[n * space.dim()];
        for (int i = 0; i < n; i++) task.writeFeatures(picked[from + i], x, i * space.dim());
        return Split.ofFeatures(x, labels);
    }

    /** Replaces round(noise·n) training labels by a uniformly drawn different class; returns how many. */
    private static int corrupt(int[] labels, double noise, int classes, long seed) {
        int k = (int) Math.round(noise * labels.length);
        if (k == 0 || classes < 2) return 0;
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] idx = new int[labels.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            int shift = 1 + rnd.nextInt(classes - 1);
            labels[idx[i]] = (labels[idx[i]] + shift) % classes;
        }
        return k;
    }

    static String fingerprint(Task task, InputSpace space, Split train, Split test, boolean testIsTrain) {
        MessageDigest md = Hashing.sha256();
        md.update(("learncast-dataset-v1|" + task.spec().canonical() + "|" + space + "|" + task.numClasses() + "|" + testIsTrain)
                .getBytes(StandardCharsets.UTF_8));
        digest(md, train);
        digest(md, test);
        return Hashing.hex(md);
    }

    private static void digest(MessageDigest md, Split s) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(s.size());
        for (int v : s.labels()) buf = put(md, buf, 4).putInt(v);
        if (s.isTokens()) {
            for (int v : s.tokens()) buf = put(md, buf, 4).putInt(v);
        } else {
            for (float v : s.features()) buf = put(md, buf, 4).putFloat(v);
        }
        buf.flip();
        md.update(buf);
    }

    private static ByteBuffer put(MessageDigest md, ByteBuffer buf, int need) {
        if (buf.remaining() < need) {
            buf.flip();
            md.update(buf);
            buf.clear();
        }
        return buf;
    }
}
