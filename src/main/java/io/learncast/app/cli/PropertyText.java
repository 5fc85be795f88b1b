package io.learncast.app.cli;

import io.learncast.forecast.property.Census;

/** The lines the `--property` options print about a labelled corpus. */
final class PropertyText {
    private PropertyText() {}

    static String census(Census c) {
        return "property " + c.property() + ": " + c.labelled() + " of " + c.runs() + " runs labelled from their curves (" + c.positive() + " with it, "
                + c.negative() + " without it at their budgets), " + c.censored() + " censored (their curves end before it is decided)";
    }
}
