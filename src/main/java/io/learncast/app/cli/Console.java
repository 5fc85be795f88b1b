package io.learncast.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.learncast.farm.config.ConfigJson;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Output helpers: JSON for machines, aligned tables and numbers for people. */
public final class Console {
    private static final ObjectMapper PRETTY = ConfigJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Console() {}

    public static void json(PrintWriter out, Object value) {
        try {
            out.println(PRETTY.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** True when standard output is an interactive terminal (progress bars only then). */
    public static boolean interactive() {
        return System.console() != null && System.getenv("LEARNCAST_NO_PROGRESS") == null;
    }

    public static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.2e", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static String pct(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** A plain text table with a header row; columns are left-aligned, padded to their widest cell. */
    public static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final int cols;

        public Table(String... header) {
            this.cols = header.length;
            rows.add(header);
        }

        public Table row(Object... cells) {
            String[] r = new String[cols];
            for (int i = 0; i < cols; i++) r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
            rows.add(r);
            return this;
        }

        public int size() { return rows.size() - 1; }

        public void print(PrintWriter out) {
            int[] w = new int[cols];
            for (String[] r : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
            for (String[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < cols; i++) {
                    sb.append(r[i]);
                    if (i < cols - 1) sb.append(" ".repeat(w[i] - r[i].length() + 2));
                }
                out.println(sb.toString().stripTrailing());
            }
            out.flush();
        }
    }
}
