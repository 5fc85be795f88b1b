package io.learncast.forecast.validation;

import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Grouped folds never put rows of one config group (its seeds and budgets) on both sides of a split. */
class GroupedKFoldTest {

    @Test
    void noGroupStraddlesFolds() {
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(200, 4, 3), new FeatureTable.Options(true));
        String[] groups = t.groups();
        GroupedKFold folds = GroupedKFold.of(groups, 5, 11);
        int[] foldOf = folds.foldOf();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < groups.length; i++) {
            Integer prev = seen.putIfAbsent(groups[i], foldOf[i]);
            assertTrue(prev == null || prev == foldOf[i], "group " + groups[i] + " is in folds " + prev + " and " + foldOf[i]);
        }
        for (GroupedKFold.Split s : folds.splits()) {
            Set<String> train = new HashSet<>();
            for (int i : s.train()) train.add(groups[i]);
            for (int i : s.test()) assertFalse(train.contains(groups[i]), "a test row's group is also in training");
            assertEquals(groups.length, s.train().length + s.test().length);
            assertTrue(s.test().length > 0);
        }
        // several seeds and budgets per group really occur, so the check above is not vacuous
        assertTrue(seen.size() < groups.length / 3, "groups have many rows: " + seen.size() + " groups, " + groups.length + " rows");
    }

    @Test
    void foldsAreBalancedAndDeterministic() {
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(300, 3, 5), FeatureTable.Options.defaults());
        GroupedKFold a = GroupedKFold.of(t.groups(), 5, 1), b = GroupedKFold.of(t.groups(), 5, 1), c = GroupedKFold.of(t.groups(), 5, 2);
        assertArrayEquals(a.foldOf(), b.foldOf());
        assertFalse(java.util.Arrays.equals(a.foldOf(), c.foldOf()), "another seed deals other folds");
        int[] size = new int[5];
        for (int f : a.foldOf()) size[f]++;
        int max = java.util.Arrays.stream(size).max().orElseThrow(), min = java.util.Arrays.stream(size).min().orElseThrow();
        assertTrue(max - min <= 12, "balanced folds: " + java.util.Arrays.toString(size));
    }

    @Test
    void fewerGroupsThanFoldsGiveOneFoldPerGroup() {
        GroupedKFold f = GroupedKFold.of(new String[] {"a", "a", "b", "b", "b"}, 5, 0);
        assertEquals(2, f.folds());
        assertEquals(2, f.splits().size());
    }
}
