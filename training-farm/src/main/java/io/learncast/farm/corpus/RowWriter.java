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
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
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
 * writing it again gives the same bytes. Public for the export benchmark (the bench module).
 */
public abstract class RowWriter implements Closeable {
    private static final JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactoryBuilder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).rootValueSeparator((String) null).build();
    private static final Set<String> INTEGER_PARAMS = new HashSet<>();

    static {
        for (TaskCatalog.Definition d : TaskCatalog.all()) for (TaskCatalog.Param p : d.params()) if (p.integer()) INTEGER_PARAMS.add(p.name());
    }

    private final Map<String, TaskSpec> specs = new HashMap<>();

    public abstract void write(CorpusRow row) throws IOException;

    /** Writes UTF-8 bytes (files: the fast path). */
    public static RowWriter of(CorpusFormat format, OutputStream out, boolean withCurves) throws IOException {
        return format == CorpusFormat.CSV ? new Csv(Csv.FACTORY.createGenerator(out, JsonEncoding.UTF8), withCurves)
                : new Jsonl(JSON.createGenerator(out, JsonEncoding.UTF8), withCurves);
    }

    /** Writes characters (standard output through the command's writer). */
    static RowWriter of(CorpusFormat format, java.io.Writer out, boolean withCurves) throws IOException {
        return format == CorpusFormat.CSV ? new Csv(Csv.FACTORY.createGenerator(out), withCurves) : new Jsonl(JSON.createGenerator(out), withCurves);
    }

    /** A store's farm and train runs are runs trained by learncast once they leave it; "farm" and "train" stay reserved for a store's own. */
    static String exportedSource(String source) {
        return FARM.equals(source) || TRAIN.equals(source) ? EXPORTED_FARM_SOURCE : source;
    }

    private String lastTask;
    private TaskSpec lastSpec;

    TaskSpec spec(String task) {
        if (task.equals(lastTask)) return lastSpec;
        TaskSpec s = specs.get(task);
        if (s == null) {
            if (specs.size() > 10_000) specs.clear();
            s = TaskSpec.parse(task, TASK);
            specs.put(task, s);
        }
        lastTask = task;
        lastSpec = s;
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

    /** Field names encoded once: writing a pre-encoded name is a copy. */
    private static final SerializedString N_SOURCE = new SerializedString(SOURCE);
    private static final SerializedString N_TASK = new SerializedString(TASK);
    private static final SerializedString N_EXTRA = new SerializedString(EXTRA);
    private static final SerializedString N_CURVE = new SerializedString(CURVE);
    private static final Map<String, SerializedString> PARAM_NAMES = new HashMap<>();
    private static final SerializedString N_SEED = new SerializedString(SEED);
    private static final SerializedString N_LEARNED = new SerializedString(LEARNED);
    private static final SerializedString N_STEPS_TO_LEARN = new SerializedString(STEPS_TO_LEARN);
    private static final SerializedString N_FINAL_TEST_ACC = new SerializedString(FINAL_TEST_ACC);
    private static final SerializedString N_BEST_TEST_ACC = new SerializedString(BEST_TEST_ACC);
    private static final SerializedString N_FINAL_TRAIN_ACC = new SerializedString(FINAL_TRAIN_ACC);
    private static final SerializedString N_DIVERGED = new SerializedString(DIVERGED);
    private static final SerializedString N_REPLICA = new SerializedString(REPLICA);
    private static final SerializedString N_BUDGETS = new SerializedString(BUDGETS);
    private static final SerializedString N_CONFIRM_STEP = new SerializedString(CONFIRM_STEP);
    private static final SerializedString N_STOPPED_EARLY = new SerializedString(STOPPED_EARLY);
    private static final SerializedString N_STEPS_TRAINED = new SerializedString(STEPS_TRAINED);
    private static final SerializedString N_FINAL_TEST_LOSS = new SerializedString(FINAL_TEST_LOSS);
    private static final SerializedString N_FINAL_TRAIN_LOSS = new SerializedString(FINAL_TRAIN_LOSS);
    private static final SerializedString N_WALL_MS = new SerializedString(WALL_MS);
    private static final SerializedString N_TRAINER = new SerializedString(TRAINER);
    private static final SerializedString N_DATASET_FINGERPRINT = new SerializedString(DATASET_FINGERPRINT);

    /** Knob field names by catalogue index. */
    private static final SerializedString[] KNOB_NAMES = KnobCatalogue.all().stream().map(k -> new SerializedString(k.key())).toArray(SerializedString[]::new);
    private static final int[] TOOLS = indexes(Knob.Block.TOOLS), TOOLS_BUDGET = indexes(Knob.Block.TOOLS_BUDGET), LEARNCAST = indexes(Knob.Block.LEARNCAST);

    static {
        for (String p : TASK_PARAMS) PARAM_NAMES.put(p, new SerializedString(p));
    }

    private static int[] indexes(Knob.Block b) { return KnobCatalogue.exportBlock(b).stream().mapToInt(KnobCatalogue::index).toArray(); }

    private static void field(JsonGenerator g, boolean named, SerializedString name) throws IOException {
        if (named) g.writeFieldName(name);
    }

    /**
     * A config number's text, remembered from the last row: sweeps repeat the same learning rates and
     * thresholds row after row, and formatting a double costs more than comparing it.
     */
    private static final class DoubleText {
        private double last = Double.NaN;
        private String text;

        void write(JsonGenerator g, double v) throws IOException {
            if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(last) || text == null) {
                last = v;
                text = com.fasterxml.jackson.core.io.NumberOutput.toString(v, true);
            }
            g.writeNumber(text);
        }
    }

    /** One remembered text per real-valued knob. */
    private final DoubleText[] knobText = new DoubleText[KNOB_NAMES.length];

    {
        for (int i = 0; i < knobText.length; i++) knobText[i] = new DoubleText();
    }

    /** Writes the knobs at {@code indexes}: numbers, "full" for a batch of 0, choices by name, null where unset. */
    private void knobs(JsonGenerator g, CorpusRow r, boolean named, int[] indexes) throws IOException {
        for (int i : indexes) {
            Knob<?> k = KnobCatalogue.all().get(i);
            Object v = r.knobs().get(i);
            field(g, named, KNOB_NAMES[i]);
            if (v == null) g.writeNull();
            else switch (k.type()) {
                case INT -> {
                    int x = (Integer) v;
                    if (x == 0 && k.fullMeansZero()) g.writeString("full"); else g.writeNumber(x);
                }
                case LONG -> g.writeNumber((long) (Long) v);
                case REAL -> knobText[i].write(g, (Double) v);
                default -> g.writeString(k.show(v));
            }
        }
    }

    /** Writes the values after the task parameters, in {@link CorpusFields#FIXED} order (extra and curve are left to the format). */
    void fixed(JsonGenerator g, CorpusRow r, boolean named) throws IOException {
        knobs(g, r, named, TOOLS);
        field(g, named, N_SEED); g.writeNumber(r.seed());
        knobs(g, r, named, TOOLS_BUDGET);
        field(g, named, N_LEARNED); g.writeBoolean(r.outcome() == Outcome.LEARNED);
        field(g, named, N_STEPS_TO_LEARN); g.writeNumber(r.stepsToLearn() == null ? -1 : r.stepsToLearn());
        field(g, named, N_FINAL_TEST_ACC); number(g, r.finalTestAcc());
        field(g, named, N_BEST_TEST_ACC); number(g, r.bestTestAcc());
        field(g, named, N_FINAL_TRAIN_ACC); number(g, r.finalTrainAcc());
        field(g, named, N_DIVERGED); g.writeBoolean(r.outcome() == Outcome.DIVERGED);
        knobs(g, r, named, LEARNCAST);
        field(g, named, N_REPLICA); g.writeNumber(r.replica());
        field(g, named, N_BUDGETS);
        if (named) {
            g.writeStartArray();
            for (long b : r.budgets()) g.writeNumber(b);
            g.writeEndArray();
        } else {
            g.writeString(budgetsText(r.budgets()));
        }
        field(g, named, N_CONFIRM_STEP); g.writeNumber(r.confirmStep() == null ? -1 : r.confirmStep());
        field(g, named, N_STOPPED_EARLY); g.writeBoolean(r.outcome() == Outcome.STOPPED_EARLY);
        field(g, named, N_STEPS_TRAINED); number(g, r.stepsTrained());
        field(g, named, N_FINAL_TEST_LOSS); number(g, r.finalTestLoss());
        field(g, named, N_FINAL_TRAIN_LOSS); number(g, r.finalTrainLoss());
        field(g, named, N_WALL_MS); number(g, r.wallMs());
        field(g, named, N_TRAINER); text(g, r.trainer());
        field(g, named, N_DATASET_FINGERPRINT); text(g, r.datasetFingerprint());
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
        public void write(CorpusRow r) throws IOException {
            g.writeStartObject();
            field(g, true, N_SOURCE);
            g.writeString(exportedSource(r.source()));
            TaskSpec spec = spec(r.task());
            field(g, true, N_TASK);
            g.writeString(spec.name());
            for (String p : TASK_PARAMS) {
                String v = spec.param(p);
                if (v == null) continue;
                field(g, true, PARAM_NAMES.get(p));
                if (INTEGER_PARAMS.contains(p)) g.writeNumber(Long.parseLong(v)); else g.writeString(v);
            }
            fixed(g, r, true);
            if (r.extraJson() != null) {
                field(g, true, N_EXTRA);
                g.writeRawValue(r.extraJson());
            }
            if (withCurves) {
                field(g, true, N_CURVE);
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
        public void write(CorpusRow r) throws IOException {
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
