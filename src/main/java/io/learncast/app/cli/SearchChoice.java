package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.forecast.model.ForecasterFitter;

import java.util.Locale;

/** The forecaster's model search as given to {@code --search} (eval, quickstart): quick, standard or full. */
final class SearchChoice {
    private SearchChoice() {}

    static ForecasterFitter.Search parse(String text) {
        try {
            return ForecasterFitter.Search.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new UserError("--search", "unknown search '" + text + "'", "quick, standard or full");
        }
    }
}
