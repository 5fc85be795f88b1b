package io.learncast.app.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.data.TaskCatalog;
import io.learncast.farm.store.PhaseAxis;
import io.learncast.farm.store.PhaseCell;
import io.learncast.farm.store.PhaseQuery;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.store.ForecasterRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A phase diagram's data: the observed fraction learned within the budget per cell (aggregated by the store), and
 * beside it the active forecaster's P(learn) for one run's config of each cell; {@code round_cells} counts a grow
 * round's runs on the same grid.
 */
record PhaseView(@JsonProperty("task") String task, @JsonProperty("property") String property, @JsonProperty("budget") long budget,
                 @JsonProperty("x") Axis x, @JsonProperty("y") Axis y, @JsonProperty("cells") List<Cell> cells,
                 @JsonProperty("model_id") Long modelId, @JsonProperty("round_cells") List<Cell> roundCells) {

    record Bin(@JsonProperty("bin") double bin, @JsonProperty("label") String label) {}

    record Axis(@JsonProperty("key") String key, @JsonProperty("bins") List<Bin> bins) {}

    record Cell(@JsonProperty("xi") int xi, @JsonProperty("yi") int yi, @JsonProperty("x") double x, @JsonProperty("y") double y,
                @JsonProperty("runs") long runs, @JsonProperty("done") long done, @JsonProperty("known") long known,
                @JsonProperty("learned") long learned, @JsonProperty("diverged") long diverged, @JsonProperty("fraction") Double fraction,
                @JsonProperty("forecast") Double forecast, @JsonProperty("example") String example) {}

    static PhaseView of(Store s, PhaseQuery q, List<Long> roundIds) {
        List<PhaseCell> cells = s.stats().phase(q);
        List<PhaseCell> round = roundIds == null ? null
                : s.stats().phase(new PhaseQuery(q.task(), q.metric(), q.threshold(), q.x(), q.y(), q.budget(), roundIds));
        TreeSet<Double> xs = new TreeSet<>();
        TreeSet<Double> ys = new TreeSet<>();
        for (PhaseCell c : cells) { xs.add(c.x()); ys.add(c.y()); }
        if (round != null) for (PhaseCell c : round) { xs.add(c.x()); ys.add(c.y()); }
        List<Double> xl = new ArrayList<>(xs);
        List<Double> yl = new ArrayList<>(ys);
        // the forecast of each cell: P(learn within the budget) for the config of its first run
        Optional<ForecasterRegistry.Loaded> model = ForecasterRegistry.active(s);
        Map<Long, StoredRun> samples = new HashMap<>();
        if (model.isPresent() && !cells.isEmpty()) {
            for (StoredRun r : s.catalog().runs(RunFilter.all().withIds(cells.stream().map(PhaseCell::sampleRunId).toList()))) samples.put(r.id(), r);
        }
        List<Cell> out = new ArrayList<>();
        for (PhaseCell c : cells) {
            StoredRun sample = samples.get(c.sampleRunId());
            Double p = null;
            if (sample != null) {
                try {
                    p = TaskCatalog.withoutFiles(() -> model.get().forecaster().probability(sample.config(), q.budget()));
                } catch (RuntimeException e) {
                    p = null; // a task the forecaster cannot read facts of (e.g. a CSV file not here): the cell shows no forecast
                }
            }
            out.add(cell(c, xl, yl, p, sample == null ? null : sample.config().describe()));
        }
        List<Cell> roundOut = round == null ? null : round.stream().map(c -> cell(c, xl, yl, null, null)).toList();
        return new PhaseView(q.task(), RunRow.property(q.metric(), q.threshold()), q.budget(), axis(q.x(), xl), axis(q.y(), yl), out,
                model.map(m -> m.record().id()).orElse(null), roundOut);
    }

    private static Cell cell(PhaseCell c, List<Double> xl, List<Double> yl, Double p, String example) {
        return new Cell(xl.indexOf(c.x()), yl.indexOf(c.y()), c.x(), c.y(), c.runs(), c.done(), c.known(), c.learned(), c.diverged(), c.fraction(), p, example);
    }

    private static Axis axis(PhaseAxis a, List<Double> bins) {
        return new Axis(a.key(), bins.stream().map(b -> new Bin(b, a.label(b))).toList());
    }
}
