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

    /** Opens a file for reading, unzipping {@code .gz}; a missing or unreadable file is the user's error. */
    static InputStream open(Path file, String where) {
        if (!Files.isRegularFile(file)) throw new UserError(where, "there is no file " + file, "give the path of a JSON-lines or CSV file");
        try {
            InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return gzipped(file) ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            throw new UserError(where, "cannot read " + file + " (" + e.getMessage() + ")", "give a readable JSON-lines or CSV file");
        }
    }
}
