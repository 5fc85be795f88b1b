package io.learncast.farm.corpus;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.learncast.data.CurvePoint;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.CorpusRow;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.learncast.farm.corpus.CorpusFields.*;

/**
 * Writes export rows with Jackson's streaming generators: one JSON object per line, or CSV rows under
 * a header. Both write the fields of {@link CorpusFields#columns} in that order; numbers are written
 * in their shortest exact form, unknown values as null (an empty CSV cell), so reading a row back and
 * writing it again gives the same bytes.
 */
abstract class RowWriter implements Closeable {
    private static final JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactoryBuilder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).rootValueSeparator((String) null).build();
    private static final Set<String> INTEGER_PARAMS = new HashSet<>();

    static {
        for (TaskCatalog.Definition d : TaskCatalog.all()) for (TaskCatalog.Param p : d.params()) if (p.integer()) INTEGER_PARAMS.add(p.name());
    }

    private final Map<String, TaskSpec> specs = new HashMap<>();

    abstract void write(CorpusRow row) throws IOException;

    /** Writes UTF-8 bytes (files: the fast path). */
    static RowWriter of(CorpusFormat format, OutputStream out, boolean withCurves) throws IOException {
        return format == CorpusFormat.CSV ? new Csv(Csv.FACTORY.createGenerator(out, JsonEncoding.UTF8), withCurves)
                : new Jsonl(JSON.createGenerator(out, JsonEncoding.UTF8), withCurves);
    }

    /** Writes characters (standard output through the command's writer). */
    static RowWriter of(CorpusFormat format, java.io.Writer out, boolean withCurves) throws IOException {
        return format == CorpusFormat.CSV ? new Csv(Csv.FACTORY.createGenerator(out), withCurves) : new Jsonl(JSON.createGenerator(out), withCurves);
    }

    /** A store's farm runs are runs trained by learncast once they leave it; "farm" stays reserved for a store's own workers. */
    static String exportedSource(String source) {
        return FARM.equals(source) ? EXPORTED_FARM_SOURCE : source;
    }

    TaskSpec spec(String task) {
        TaskSpec s = specs.get(task);
        if (s == null) {
            if (specs.size() > 10_000) specs.clear();
            s = TaskSpec.parse(task, TASK);
            specs.put(task, s);
        }
        return s;
    }

    /** Points as [step, train_acc, test_acc], or with train_loss, test_loss and weight_norm when the run has any of them. */
    static void writeCurve(JsonGenerator g, List<CurvePoint> curve) throws IOException {
        boolean full = false;
        for (CurvePoint p : curve) {
            if (Double.isFinite(p.trainLoss()) || Double.isFinite(p.testLoss()) || Double.isFinite(p.weightNorm())) {
                full = true;
                break;
            }
        }
        g.writeStartArray();
        for (CurvePoint p : curve) {
            g.writeStartArray();
            g.writeNumber(p.step());
            number(g, p.trainAcc());
            number(g, p.testAcc());
            if (full) {
                number(g, p.trainLoss());
                number(g, p.testLoss());
                number(g, p.weightNorm());
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) g.writeNumber(v); else g.writeNull();
    }

    static void number(JsonGenerator g, Double v) throws IOException {
        if (v == null) g.writeNull(); else g.writeNumber(v);
    }

    static void number(JsonGenerator g, Long v) throws IOException {
        if (v == null) g.writeNull(); else g.writeNumber(v);
    }

    static void number(JsonGenerator g, Integer v) throws IOException {
        if (v == null) g.writeNull(); else g.writeNumber(v);
    }

    static void text(JsonGenerator g, String v) throws IOException {
        if (v == null) g.writeNull(); else g.writeString(v);
    }

    /** Writes the values after the task parameters, in {@link CorpusFields#FIXED} order (extra and curve are left to the format). */
    static void fixed(JsonGenerator g, CorpusRow r, boolean named) throws IOException {
        field(g, named, DEPTH); g.writeNumber(r.depth());
        field(g, named, WIDTH); g.writeNumber(r.width());
        field(g, named, ACTIVATION); g.writeString(r.activation().key());
        field(g, named, OPTIMIZER); g.writeString(r.optimizer().key());
        field(g, named, LR); g.writeNumber(r.lr());
        field(g, named, WD); g.writeNumber(r.wd());
        field(g, named, BATCH);
        if (r.batch() == 0) g.writeString("full"); else g.writeNumber(r.batch());
        field(g, named, TRAIN_FRAC); number(g, r.trainFrac());
        field(g, named, N_TRAIN); number(g, r.nTrain());
        field(g, named, LABEL_NOISE); g.writeNumber(r.labelNoise());
        field(g, named, SEED); g.writeNumber(r.seed());
        field(g, named, STEPS); g.writeNumber(r.steps());
        field(g, named, EVAL_EVERY); g.writeNumber(r.evalEvery());
        field(g, named, LEARNED); g.writeBoolean(r.outcome() == Outcome.LEARNED);
        field(g, named, STEPS_TO_LEARN); g.writeNumber(r.stepsToLearn() == null ? -1 : r.stepsToLearn());
        field(g, named, FINAL_TEST_ACC); number(g, r.finalTestAcc());
        field(g, named, BEST_TEST_ACC); number(g, r.bestTestAcc());
        field(g, named, FINAL_TRAIN_ACC); number(g, r.finalTrainAcc());
        field(g, named, DIVERGED); g.writeBoolean(r.outcome() == Outcome.DIVERGED);
        field(g, named, METRIC); g.writeString(r.metric().key());
        field(g, named, THRESHOLD); g.writeNumber(r.threshold());
        field(g, named, HOLD); g.writeNumber(r.hold());
        field(g, named, TEST_SIZE); number(g, r.testSize());
        field(g, named, INIT_SCALE); g.writeNumber(r.initScale());
        field(g, named, REPLICA); g.writeNumber(r.replica());
        field(g, named, BUDGETS);
        if (named) {
            g.writeStartArray();
            for (long b : r.budgets()) g.writeNumber(b);
            g.writeEndArray();
        } else {
            g.writeString(budgetsText(r.budgets()));
        }
        field(g, named, CONFIRM_STEP); g.writeNumber(r.confirmStep() == null ? -1 : r.confirmStep());
        field(g, named, STOPPED_EARLY); g.writeBoolean(r.outcome() == Outcome.STOPPED_EARLY);
        field(g, named, STEPS_TRAINED); number(g, r.stepsTrained());
        field(g, named, FINAL_TEST_LOSS); number(g, r.finalTestLoss());
        field(g, named, FINAL_TRAIN_LOSS); number(g, r.finalTrainLoss());
        field(g, named, WALL_MS); number(g, r.wallMs());
        field(g, named, TRAINER); text(g, r.trainer());
        field(g, named, DATASET_FINGERPRINT); text(g, r.datasetFingerprint());
    }

    /** Field names encoded once: writing a pre-encoded name is a copy. */
    private static final Map<String, SerializedString> NAMES = new HashMap<>();

    static {
        for (String c : columns(true)) NAMES.put(c, new SerializedString(c));
    }

    private static void field(JsonGenerator g, boolean named, String name) throws IOException {
        if (named) g.writeFieldName(NAMES.get(name));
    }

    static String budgetsText(List<Long> budgets) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < budgets.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(budgets.get(i));
        }
        return sb.append(']').toString();
    }

    /** One JSON object per line; only the task's own parameters; {@code extra} only when there is any. */
    private static final class Jsonl extends RowWriter {
        private final JsonGenerator g;
        private final boolean withCurves;

        Jsonl(JsonGenerator g, boolean withCurves) {
            this.g = g;
            this.withCurves = withCurves;
        }

        @Override
        void write(CorpusRow r) throws IOException {
            g.writeStartObject();
            field(g, true, SOURCE);
            g.writeString(exportedSource(r.source()));
            TaskSpec spec = spec(r.task());
            field(g, true, TASK);
            g.writeString(spec.name());
            for (String p : TASK_PARAMS) {
                String v = spec.param(p);
                if (v == null) continue;
                field(g, true, p);
                if (INTEGER_PARAMS.contains(p)) g.writeNumber(Long.parseLong(v)); else g.writeString(v);
            }
            fixed(g, r, true);
            if (r.extraJson() != null) {
                field(g, true, EXTRA);
                g.writeRawValue(r.extraJson());
            }
            if (withCurves) {
                field(g, true, CURVE);
                writeCurve(g, r.curve() == null ? List.of() : r.curve());
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }

        @Override
        public void close() throws IOException {
            g.close();
        }
    }

    /** A header, then one row per run; lists and {@code extra} as JSON text. */
    private static final class Csv extends RowWriter {
        /** Quotes only cells that need it (by default long cells are always quoted). */
        private static final CsvFactory FACTORY = CsvFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
        private final CsvGenerator g;
        private final boolean withCurves;

        Csv(CsvGenerator g, boolean withCurves) {
            this.withCurves = withCurves;
            this.g = g;
            CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
            for (String c : columns(withCurves)) schema.addColumn(c);
            g.setSchema(schema.build());
        }

        @Override
        void write(CorpusRow r) throws IOException {
            g.writeStartArray();
            g.writeString(exportedSource(r.source()));
            TaskSpec spec = spec(r.task());
            g.writeString(spec.name());
            for (String p : TASK_PARAMS) {
                String v = spec.param(p);
                if (v == null) g.writeNull(); else g.writeString(v);
            }
            fixed(g, r, false);
            text(g, r.extraJson());
            if (withCurves) {
                StringWriter sw = new StringWriter(256);
                try (JsonGenerator cg = JSON.createGenerator(sw)) {
                    writeCurve(cg, r.curve() == null ? List.of() : r.curve());
                }
                g.writeString(sw.toString());
            }
            g.writeEndArray();
        }

        @Override
        public void close() throws IOException {
            g.close();
        }
    }
}
