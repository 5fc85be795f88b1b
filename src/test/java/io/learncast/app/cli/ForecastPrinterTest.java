package io.learncast.app.cli;

import io.learncast.forecast.model.Forecast;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a forecast reads on the terminal: neighbours that mix budgets say so, warnings print their message. */
class ForecastPrinterTest {
    static Forecast.Neighbour neighbour(String config, List<Forecast.Budget> budgets) {
        int runs = budgets.stream().mapToInt(Forecast.Budget::runs).sum();
        return new Forecast.Neighbour(config, "h", runs, runs, 1, 2000, 1500L, runs + " learned", 0.1, budgets);
    }

    static String print(List<Forecast.Neighbour> ns, List<Forecast.Warning> warnings) {
        Forecast f = new Forecast("modadd:p=23", "modadd:p=23 d1×w128", "c", "g", 2000, 0.5, 0.4, 0.6, 0.9, null, null, null, null, null, ns, warnings, "m");
        StringWriter s = new StringWriter();
        ForecastPrinter.print(new PrintWriter(s), f, 1);
        return s.toString();
    }

    @Test
    void aNeighbourWithSeveralBudgetsSaysSo() {
        String mixed = print(List.of(neighbour("modadd:p=23 d1×w128 steps=2000/4000", List.of(new Forecast.Budget(2000, 2), new Forecast.Budget(4000, 1)))), List.of());
        assertTrue(mixed.contains("3 (2×2000, 1×4000)"), mixed);
        assertTrue(mixed.contains("different step budgets"), mixed);
        String single = print(List.of(neighbour("modadd:p=23 d1×w128 steps=2000", List.of(new Forecast.Budget(2000, 2)))), List.of());
        assertFalse(single.contains("different step budgets"), single);
    }

    @Test
    void aKnobThatMovesNothingIsNamedNotTabled() {
        Forecast f = new Forecast("modadd:p=23", "modadd:p=23 d1×w128", "c", "g", 2000, 0.5, 0.4, 0.6, 0.9, null, null, null,
                new Forecast.Reference("modadd:p=23 d1×w96", 1000, 0.2), List.of(new Forecast.Attribution("width", "128", "96", 0.25),
                new Forecast.Attribution("budget", "2000", "1000", 0.05), new Forecast.Attribution("batch", "512", "full", 0.0001)), List.of(), List.of(), "m");
        StringWriter s = new StringWriter();
        ForecastPrinter.print(new PrintWriter(s), f, 1);
        String out = s.toString();
        assertTrue(out.contains("+0.250") && out.contains("+0.050"), out);
        assertFalse(out.contains("+0.000"), out);
        assertTrue(out.contains("(batch 512 differs from the reference but moves P by less than 0.001)"), out);
    }

    static String firstLines(Forecast.Horizon h) {
        Forecast f = new Forecast("modadd:p=47", "modadd:p=47 d2×w128 sgd", "c", "g", 4000, 0.0, 0.0, 0.0, 1.0, 44462.0, 31131.0, 63521.0,
                null, null, List.of(), List.of(), "m", h);
        StringWriter s = new StringWriter();
        ForecastPrinter.print(new PrintWriter(s), f, 1);
        return s.toString().lines().limit(2).reduce("", (a, b) -> a + b + "\n");
    }

    /** P(ever) says how much of it lies after the longest run of its task, so "1.000" beside "P(learn) = 0.000" is not read as a promise. */
    @Test
    void pEverSaysHowMuchOfItIsAfterTheLongestRunTrained() {
        String sgd = firstLines(new Forecast.Horizon(4000, "modadd:p=47", 1.0));
        assertTrue(sgd.contains("P(ever learns) = 1.000 (1.000 of it after 4,000 steps, the longest any modadd:p=47 run trained: extrapolated)\n"), sgd);
        String seen = firstLines(new Forecast.Horizon(4000, "modadd:p=47", 0.0004));
        assertTrue(seen.contains("P(ever learns) = 1.000\n"), "under the printed precision it says nothing: " + seen);
        assertTrue(firstLines(null).contains("P(ever learns) = 1.000\n"), "older callers without a horizon");
    }

    @Test
    void warningsPrintTheirMessage() {
        String out = print(List.of(), List.of(new Forecast.Warning(Forecast.Warning.RANGE, "width", 4096.0, List.of(16.0, 512.0), "width 4096 is larger than any trained")));
        assertTrue(out.contains("warning: width 4096 is larger than any trained\n"), out);
    }
}
