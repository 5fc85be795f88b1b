package io.learncast.forecast.model;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.common.Seeds;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A neighbour line that gathers runs of one config trained to different budgets says so. */
class NeighboursTest {
    @Test
    void aNeighbourLineSaysWhenItMixesBudgets() {
        RunConfig base = RunConfig.defaults("modadd:p=23").with(new BudgetConfig(2000, 100, List.of()));
        Random noise = new Random(1);
        List<RunRecord> runs = new ArrayList<>();
        // one config: two seeds trained to 2000 steps, one to 4000 (same group: the budget is not part of a config's identity)
        runs.add(SyntheticCorpus.run(1, base, 0, noise));
        runs.add(SyntheticCorpus.run(2, base, 1, noise));
        runs.add(SyntheticCorpus.run(3, base.with(new BudgetConfig(4000, 100, List.of())), 2, noise));
        // another config, one budget
        RunConfig other = base.with(ModelConfig.mlp(1, 64, base.activation(), 1));
        runs.add(SyntheticCorpus.run(4, other, 0, noise));
        runs.add(SyntheticCorpus.run(5, other, 1, noise));
        Neighbourhood n = Neighbourhood.of(runs, 1);
        List<Forecast.Neighbour> list = n.nearest(Knobs.of(base.withReplica(Seeds.DEFAULT_MASTER, 0)), 2000, 2).neighbours();
        Forecast.Neighbour mixed = list.get(0);
        assertTrue(mixed.mixedBudgets(), mixed.toString());
        assertEquals(List.of(new Forecast.Budget(2000, 2), new Forecast.Budget(4000, 1)), mixed.budgets());
        assertTrue(mixed.config().endsWith(" steps=2000/4000"), mixed.config());
        Forecast.Neighbour single = list.get(1);
        assertFalse(single.mixedBudgets());
        assertTrue(single.config().endsWith(" steps=2000"), single.config());
    }

    /** Two configs that differ only in drop_last lie at distance 0 (the distance does not read it), so their lines must tell them apart. */
    @Test
    void aNeighbourLineSaysWhenItKeptTheLastBatch() {
        RunConfig on = RunConfig.defaults("modadd:p=97").with(new io.learncast.farm.config.OptimConfig(io.learncast.farm.config.Optimizer.ADAMW, 1e-3, 1, 512));
        RunConfig off = on.with(new io.learncast.farm.config.OptimConfig(io.learncast.farm.config.Optimizer.ADAMW, 1e-3, 1, 512, io.learncast.farm.config.Toggle.OFF));
        Random noise = new Random(1);
        Neighbourhood n = Neighbourhood.of(List.of(SyntheticCorpus.run(1, on, 0, noise), SyntheticCorpus.run(2, off, 0, noise)), 1);
        List<Forecast.Neighbour> list = n.nearest(Knobs.of(off.withReplica(Seeds.DEFAULT_MASTER, 0)), 2000, 2).neighbours();
        assertEquals(2, list.size());
        assertEquals(0, list.get(0).distance(), 0);
        assertEquals(0, list.get(1).distance(), 0);
        assertEquals(1, list.stream().filter(x -> x.config().contains(" batch=512 drop_last=off ")).count(), list.toString());
        assertEquals(1, list.stream().filter(x -> x.config().contains(" batch=512 frac=")).count(), list.toString());
    }
}
