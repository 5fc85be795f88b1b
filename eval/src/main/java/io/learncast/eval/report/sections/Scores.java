package io.learncast.eval.report.sections;

import io.learncast.eval.report.ReportContext;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.eval.scoring.Evaluator;
import io.learncast.eval.scoring.SplitScore;
import io.learncast.eval.split.Split;
import io.learncast.forecast.features.FeatureTable;

/** The grouped 5-fold scores the metrics and calibration sections share (computed once per corpus in a process). */
final class Scores {
    private Scores() {}

    static final Split KFOLD = Split.parse("kfold:5");

    static SplitScore kfold(ReportContext ctx) {
        Evaluator.Options o = new Evaluator.Options(ctx.seed(), 1000, Evaluator.Options.defaults().search());
        String hash = FeatureTable.from(ctx.finishedRuns()).corpusHash();
        return Evaluation.cached(ctx.store(), hash, KFOLD, o, () -> new Evaluator(o).score(ctx.finishedRuns(), KFOLD, line -> { }));
    }
}
