package io.learncast.data.tasks;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.learncast.common.UserError;
import io.learncast.data.InputSpace;
import io.learncast.data.Task;
import io.learncast.data.TaskSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's own table: a CSV file with a header row, one label column (any values, sorted into classes)
 * and numeric feature columns. Features are standardised (z-scores over the whole table) so that the
 * default learning rates behave as on the built-in tasks.
 */
public final class CsvTask implements Task {
    private final TaskSpec spec;
    private final float[] features; // rows × dim
    private final int[] labels;
    private final int dim;
    private final int classes;
    private final List<String> classNames;

    private CsvTask(TaskSpec spec, float[] features, int[] labels, int dim, List<String> classNames) {
        this.spec = spec;
        this.features = features;
        this.labels = labels;
        this.dim = dim;
        this.classes = classNames.size();
        this.classNames = classNames;
    }

    public static CsvTask read(TaskSpec spec) {
        if (!io.learncast.data.TaskCatalog.filesAllowed()) {
            // the HTTP service: never open a path a request names, and say nothing about it
            throw new UserError("task", "this task reads a file, and files are not opened here", "refer to a dataset already in the store");
        }
        String pathText = spec.param("path");
        String labelName = spec.param("label");
        Path path = Path.of(pathText);
        String where = "task";
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new UserError(where, "cannot read the file " + path.toAbsolutePath(), "give the path of a readable CSV file with a header row");
        }
        List<String[]> rows = new ArrayList<>();
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (Reader reader = Files.newBufferedReader(path);
             MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(reader)) {
            while (it.hasNext()) rows.add(it.next());
        } catch (IOException | RuntimeException e) {
            throw new UserError(where, path + " is not readable CSV: " + e.getMessage(), "save it as comma-separated text with a header row");
        }
        if (rows.size() < 3) throw new UserError(where, path + " has fewer than 2 data rows", "give a header row and at least 2 rows of data");
        String[] header = rows.get(0);
        int labelCol = -1;
        for (int c = 0; c < header.length; c++) if (header[c].trim().equals(labelName)) labelCol = c;
        if (labelCol < 0) {
            throw new UserError(where, path + " has no column '" + labelName + "'", "columns are: " + String.join(", ", header));
        }
        int dim = header.length - 1;
        if (dim < 1) throw new UserError(where, path + " has no feature columns", "add at least one numeric column beside the label");
        int n = rows.size() - 1;
        float[] x = new float[n * dim];
        String[] rawLabels = new String[n];
        for (int r = 0; r < n; r++) {
            String[] row = rows.get(r + 1);
            if (row.length != header.length) {
                throw new UserError(path + " line " + (r + 2), "has " + row.length + " fields, the header has " + header.length, "give every row the same columns as the header");
            }
            int k = 0;
            for (int c = 0; c < row.length; c++) {
                if (c == labelCol) {
                    rawLabels[r] = row[c].trim();
                    continue;
                }
                try {
                    x[r * dim + k++] = Float.parseFloat(row[c].trim());
                } catch (NumberFormatException e) {
                    throw new UserError(path + " line " + (r + 2) + " column '" + header[c] + "'", "'" + row[c] + "' is not a number", "feature columns must be numeric");
                }
            }
        }
        standardise(x, n, dim);
        Map<String, Integer> classIndex = new TreeMap<>();
        for (String l : rawLabels) classIndex.putIfAbsent(l, 0);
        List<String> names = new ArrayList<>(classIndex.keySet());
        for (int i = 0; i < names.size(); i++) classIndex.put(names.get(i), i);
        if (names.size() < 2) throw new UserError(where, "the label column '" + labelName + "' of " + path + " has a single value", "a classification task needs at least 2 classes");
        int[] y = new int[n];
        for (int r = 0; r < n; r++) y[r] = classIndex.get(rawLabels[r]);
        return new CsvTask(spec, x, y, dim, names);
    }

    private static void standardise(float[] x, int n, int dim) {
        for (int c = 0; c < dim; c++) {
            double sum = 0, sq = 0;
            for (int r = 0; r < n; r++) sum += x[r * dim + c];
            double mean = sum / n;
            for (int r = 0; r < n; r++) sq += (x[r * dim + c] - mean) * (x[r * dim + c] - mean);
            double sd = Math.sqrt(sq / n);
            double scale = sd > 0 ? 1 / sd : 1;
            for (int r = 0; r < n; r++) x[r * dim + c] = (float) ((x[r * dim + c] - mean) * scale);
        }
    }

    public List<String> classNames() { return classNames; }

    @Override public TaskSpec spec() { return spec; }

    @Override public InputSpace inputSpace() { return InputSpace.dense(dim); }

    @Override public int numClasses() { return classes; }

    @Override public long universeSize() { return labels.length; }

    @Override public int label(long index) { return labels[(int) index]; }

    @Override
    public void writeFeatures(long index, float[] out, int offset) {
        System.arraycopy(features, (int) index * dim, out, offset, dim);
    }
}
