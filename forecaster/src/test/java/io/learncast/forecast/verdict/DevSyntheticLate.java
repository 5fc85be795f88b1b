package io.learncast.forecast.verdict;

/** Developer tool: which synthetic late learners a policy stops, and where. */
public final class DevSyntheticLate {
    public static void main(String[] args) {
        var corpus = SyntheticCurves.generate(3, 7);
        var rows = VerdictRows.build(corpus.runs(), corpus.curves(), VerdictRows.FRACTIONS);
        var fit = VerdictFitter.fit(rows, new VerdictFitter.Options(4, 11, VerdictModel.Params.defaults()));
        double[] p = fit.outOfFold();
        int nw = CurveFeatures.ALL.indexOf("weight_norm_vs_max");
        for (var info : rows.runInfos()) {
            if (!info.lateLearner()) continue;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rows.size(); i++) {
                var r = rows.rows().get(i);
                if (r.run().runId() != info.runId()) continue;
                sb.append(String.format(" %.2f:%.3f(%.3f)", r.fraction(), p[i], r.x()[nw]));
            }
            var c = rows.rows().stream().filter(r -> r.run().runId() == info.runId()).findFirst().get().run();
            System.out.printf("run %d wd=%.2f frac=%.1f w=%d confirm=%d |%s%n", info.runId(), c.config().wd(), c.config().trainFrac(), c.config().width(), c.confirmStep(), sb);
        }
    }
}
