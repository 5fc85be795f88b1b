package io.learncast.bench.farm;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The results table names a scenario's figures as it always has, in the order they were measured. */
class FiguresTest {
    @Test
    void theTableShowsEachFigureUnderItsName() {
        Figures outage = new Figures.Outage(40, 12.5, 8, 40, 0, 0, true);
        assertEquals(List.of("runs 40", "outage_s 12.5", "done_before_outage 8", "done_at_end 40", "failed 0", "runs_charged_an_attempt 0",
                "workers_alive_through_outage true"), outage.pairs());
        StringWriter out = new StringWriter();
        FaultBench.markdown(List.of(new FaultBench.Result("outage", "H2", outage, List.of(), 31),
                new FaultBench.Result("owner-kills", "PostgreSQL", new Figures.Skipped("only an embedded H2 store has an owning process"), List.of(), 0),
                new FaultBench.Result("stall", "H2", null, List.of("the scenario broke off: x|y"), 0)), new PrintWriter(out));
        assertEquals(String.join("\n",
                "| scenario | store | held | figures | s |",
                "|---|---|---|---|---|",
                "| outage | H2 | yes | runs 40, outage_s 12.5, done_before_outage 8, done_at_end 40, failed 0, runs_charged_an_attempt 0, workers_alive_through_outage true | 31 |",
                "| owner-kills | PostgreSQL | yes | skipped only an embedded H2 store has an owning process | 0 |",
                "| stall | H2 | **no**: the scenario broke off: x/y |  | 0 |", ""), out.toString());
    }
}
