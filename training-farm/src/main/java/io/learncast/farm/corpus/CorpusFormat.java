package io.learncast.farm.corpus;

import io.learncast.common.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The two corpus file formats. A trailing {@code .gz} means gzip-compressed. */
public enum CorpusFormat {
    /** One JSON object per line ({@code .jsonl}, {@code .ndjson}, {@code .json}). */
    JSONL,
    /** A header row, then one run per row; lists (curve, budgets) and {@code extra} are JSON text in their cells. */
    CSV;

    public String key() { return name().toLowerCase(Locale.ROOT); }

    public static CorpusFormat parse(String text, String where) {
        for (CorpusFormat f : values()) if (f.key().equalsIgnoreCase(text.trim())) return f;
        throw new UserError(where, "unknown format '" + text + "'", "allowed: jsonl, csv");
    }

    public static boolean gzipped(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** The format a file name implies, or null when its extension says nothing. */
    public static CorpusFormat byName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) return JSONL;
        if (n.endsWith(".csv")) return CSV;
        return null;
    }

    /** By extension, else by content: a first non-blank character '{' means JSON lines, anything else CSV. */
    public static CorpusFormat detect(Path file, String where) {
        CorpusFormat byName = byName(file);
        if (byName != null) return byName;
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(open(file, where), StandardCharsets.UTF_8))) {
            int c;
            while ((c = r.read()) != -1) {
                if (c == '\uFEFF' || Character.isWhitespace(c)) continue;
                return c == '{' ? JSONL : CSV;
            }
            return JSONL; // empty: nothing to read either way
        } catch (IOException e) {
            throw new UserError(where, "cannot read " + file + " (" + e.getMessage() + ")", "give a readable JSON-lines or CSV file");
        }
    }

    /** A {@code .gz} file may expand at most this many times (a corpus compresses 5–20×; a zip bomb a thousandfold). */
    public static final int MAX_GZIP_RATIO = 100;
    /** The ratio is judged once this much has been expanded, so small files are never refused for it. */
    static final long RATIO_AFTER_BYTES = 64L << 20;

    /** Opens a file for reading, unzipping {@code .gz}; a missing or unreadable file is the user's error. */
    static InputStream open(Path file, String where) {
        if (!Files.isRegularFile(file)) throw new UserError(where, "there is no file " + file, "give the path of a JSON-lines or CSV file");
        try {
            if (!gzipped(file)) return new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
            Counting raw = new Counting(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16));
            return new RatioGuard(new GZIPInputStream(raw, 1 << 16), raw);
        } catch (IOException e) {
            throw new UserError(where, "cannot read " + file + " (" + e.getMessage() + ")", "give a readable JSON-lines or CSV file");
        }
    }

    /** A compressed file that expands more than {@link #MAX_GZIP_RATIO} times. */
    static final class TooCompressed extends IOException {
        private static final long serialVersionUID = 1L;

        TooCompressed(long out, long in) {
            super("the compressed file expands more than " + MAX_GZIP_RATIO + " times (" + (out >> 20) + " MiB from " + (in >> 10) + " KiB)");
        }
    }

    /** Counts the compressed bytes read so far. */
    private static final class Counting extends java.io.FilterInputStream {
        long count;

        Counting(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** Stops reading once the expanded bytes pass {@link #MAX_GZIP_RATIO} times the compressed bytes read (after the first 64 MiB). */
    private static final class RatioGuard extends java.io.FilterInputStream {
        private final Counting raw;
        private long out;

        RatioGuard(InputStream unzipped, Counting raw) {
            super(unzipped);
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) check(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) check(n);
            return n;
        }

        private void check(int n) throws IOException {
            out += n;
            if (out > RATIO_AFTER_BYTES && out > (long) MAX_GZIP_RATIO * Math.max(1, raw.count)) throw new TooCompressed(out, raw.count);
        }
    }
}
