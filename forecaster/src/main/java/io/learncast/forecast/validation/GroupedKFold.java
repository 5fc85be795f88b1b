package io.learncast.forecast.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * K-fold splits over groups: every row of a group (all seeds and budgets of one config) falls in the
 * same fold, so no model is scored on a sibling of a row it was fitted on. Groups are shuffled with
 * the seed, then dealt largest first to the fold with the fewest rows, so folds stay balanced even
 * when some configs have many seeds. Deterministic given the groups and the seed.
 */
public final class GroupedKFold {

    /** One split: the rows to fit on and the rows to score. */
    public record Split(int fold, int[] train, int[] test) {}

    private final int[] foldOf;
    private final int k;

    private GroupedKFold(int[] foldOf, int k) {
        this.foldOf = foldOf;
        this.k = k;
    }

    /** Splits rows with the given group labels into (at most) {@code k} folds. */
    public static GroupedKFold of(String[] groups, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("k must be at least 2");
        Map<String, Integer> size = new TreeMap<>();
        for (String g : groups) size.merge(g, 1, Integer::sum);
        List<String> order = new ArrayList<>(size.keySet());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        // stable sort by size, largest first: ties keep the shuffled order
        order.sort(Comparator.comparingInt((String g) -> size.get(g)).reversed());
        int folds = Math.min(k, order.size());
        long[] load = new long[folds];
        Map<String, Integer> assigned = new HashMap<>();
        for (String g : order) {
            int best = 0;
            for (int f = 1; f < folds; f++) if (load[f] < load[best]) best = f;
            assigned.put(g, best);
            load[best] += size.get(g);
        }
        int[] foldOf = new int[groups.length];
        for (int i = 0; i < groups.length; i++) foldOf[i] = assigned.get(groups[i]);
        return new GroupedKFold(foldOf, folds);
    }

    public int folds() { return k; }

    /** The fold of each row. */
    public int[] foldOf() { return foldOf.clone(); }

    public Split split(int fold) {
        int nTest = 0;
        for (int f : foldOf) if (f == fold) nTest++;
        int[] test = new int[nTest];
        int[] train = new int[foldOf.length - nTest];
        int a = 0, b = 0;
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] == fold) test[a++] = i; else train[b++] = i;
        }
        return new Split(fold, train, test);
    }

    public List<Split> splits() {
        List<Split> out = new ArrayList<>();
        for (int f = 0; f < k; f++) out.add(split(f));
        return out;
    }

    @Override
    public String toString() { return "GroupedKFold(" + k + " folds, " + foldOf.length + " rows, " + Arrays.stream(foldOf).distinct().count() + " used)"; }
}
