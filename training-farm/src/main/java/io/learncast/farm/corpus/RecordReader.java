package io.learncast.farm.corpus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.MappingIterator;
import io.learncast.common.UserError;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a corpus file record by record, never the whole file at once. JSON lines: one object per
 * non-blank line; Python's {@code NaN}/{@code Infinity} are accepted, floats keep their exact text (so
 * unknown fields are kept as written), duplicate keys are an error. CSV: a header row naming the
 * fields, then one record per row (quoted cells may span lines; a record's line is where it starts).
 *
 * <p>A record holds at most {@link #MAX_RECORD_CHARS} characters: a longer JSON line is a bad record (its
 * rest is skipped without being held in memory, so {@code --skip-bad} can go on); a longer CSV record
 * refuses the whole file (a CSV parser cannot find the next record reliably).
 */
abstract class RecordReader implements Closeable {

    /** The largest record, in characters (8 Mi: a curve of ~60,000 six-number points). */
    static final int MAX_RECORD_CHARS = 8 << 20;

    /** Parses record values: exact decimals, Python's non-finite numbers, no duplicate keys. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();
    private static final ObjectReader TREE = JSON.readerFor(JsonNode.class);

    /** The next record, or null at the end of the file. */
    abstract Record next();

    /** The characters of the last record returned (for sizing batches). */
    abstract long lastChars();

    static RecordReader open(Path file, CorpusFormat format, String where) {
        InputStreamReader decoded = new InputStreamReader(CorpusFormat.open(file, where), StandardCharsets.UTF_8);
        if (format == CorpusFormat.CSV) {
            RecordBudget budget = new RecordBudget(new BufferedReader(decoded, 1 << 16));
            return new Csv(budget, file, where);
        }
        return new Jsonl(new BufferedReader(decoded, 1 << 16), where);
    }

    /** Too much input for one record, or a compressed file that expands too far: the file cannot be read on. */
    static UserError unreadable(String where, long line, IOException e) {
        String hint = e instanceof CorpusFormat.TooCompressed ? "this is not a corpus file; a real corpus compresses far less"
                : "split the record, or drop the large unknown fields";
        return new UserError(where + " line " + line, e.getMessage(), hint);
    }

    /** Parses a JSON text (a JSONL line, or a CSV cell holding JSON). */
    static JsonNode parseJson(String text) throws JsonProcessingException {
        return TREE.readValue(text);
    }

    static String jsonProblem(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.split("\n")[0];
    }

    private static final class Jsonl extends RecordReader {
        private final BufferedReader in;
        private final String where;
        private final StringBuilder buf = new StringBuilder();
        private long line;
        private long chars;

        Jsonl(BufferedReader in, String where) {
            this.in = in;
            this.where = where;
        }

        @Override
        long lastChars() { return chars; }

        @Override
        Record next() {
            try {
                while (true) {
                    int got = readLine();
                    if (got == END) return null;
                    line++;
                    if (got == TOO_LONG) {
                        chars = MAX_RECORD_CHARS;
                        return Record.bad(line, "the record is longer than " + (MAX_RECORD_CHARS >> 20) + " Mi characters",
                                "a record holds one run; keep large data (e.g. weights) out of the corpus file");
                    }
                    String text = buf.toString();
                    if (line == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                    if (text.isBlank()) continue;
                    chars = text.length();
                    JsonNode node;
                    try {
                        node = parseJson(text);
                    } catch (JsonProcessingException e) {
                        return Record.bad(line, "not valid JSON: " + jsonProblem(e), "each line holds one JSON object, e.g. {\"task\": \"modadd\", \"p\": 97, ...}");
                    }
                    if (!(node instanceof ObjectNode obj)) {
                        return Record.bad(line, "not a JSON object", "each line holds one JSON object, e.g. {\"task\": \"modadd\", \"p\": 97, ...}");
                    }
                    return new Record(line, obj, null);
                }
            } catch (IOException e) {
                if (e instanceof CorpusFormat.TooCompressed) throw unreadable(where, line + 1, e);
                throw new UncheckedIOException(e);
            }
        }

        private static final int END = -1, TOO_LONG = -2, OK = 0;

        private final char[] chunk = new char[1 << 16];
        private int pos;
        private int len;

        /** Reads one line into {@code buf}, holding at most the cap; a longer line is read to its end and dropped. */
        private int readLine() throws IOException {
            buf.setLength(0);
            boolean any = false;
            boolean tooLong = false;
            while (true) {
                if (pos == len) {
                    len = in.read(chunk, 0, chunk.length);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        break;
                    }
                }
                any = true;
                int nl = pos;
                while (nl < len && chunk[nl] != '\n') nl++;
                if (!tooLong) {
                    if (buf.length() + (nl - pos) > MAX_RECORD_CHARS) {
                        tooLong = true;
                        buf.setLength(0);
                        buf.trimToSize();
                    } else {
                        buf.append(chunk, pos, nl - pos);
                    }
                }
                if (nl < len) {
                    pos = nl + 1;
                    break;
                }
                pos = len;
            }
            if (!any) return END;
            if (!tooLong && buf.length() > 0 && buf.charAt(buf.length() - 1) == '\r') buf.setLength(buf.length() - 1);
            return tooLong ? TOO_LONG : OK;
        }

        @Override
        public void close() throws IOException { in.close(); }
    }

    /** Counts the characters handed to the CSV parser since a record started; past the cap (plus its read-ahead) reading stops. */
    static final class RecordBudget extends java.io.FilterReader {
        /** The parser reads ahead in chunks of a few thousand characters: the cap allows for that. */
        private static final long SLACK = 64 * 1024;
        private long used;

        RecordBudget(java.io.Reader in) {
            super(in);
        }

        void startRecord() { used = 0; }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) charge(1);
            return c;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = super.read(cbuf, off, len);
            if (n > 0) charge(n);
            return n;
        }

        private void charge(int n) throws IOException {
            used += n;
            if (used > MAX_RECORD_CHARS + SLACK) throw new RecordTooLong();
        }
    }

    /** A CSV record over the cap. */
    static final class RecordTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        RecordTooLong() {
            super("the record is longer than " + (MAX_RECORD_CHARS >> 20) + " Mi characters");
        }
    }

    private static final class Csv extends RecordReader {
        private static final CsvMapper MAPPER = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .build();
        private final RecordBudget in;
        private final MappingIterator<String[]> rows;
        private final String[] header;
        private final Path file;
        private final String where;
        private long lastLine = 1;
        private long chars;

        Csv(RecordBudget in, Path file, String where) {
            this.in = in;
            this.file = file;
            this.where = where;
            try {
                in.mark(1);
                if (in.read() != '\uFEFF') in.reset();
                in.startRecord();
                this.rows = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in);
                this.header = rows.hasNextValue() ? rows.nextValue() : null;
            } catch (IOException e) {
                throw syntax(e);
            }
            if (header != null) {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < header.length; i++) {
                    header[i] = header[i].trim();
                    if (header[i].isEmpty()) throw new UserError(where, "column " + (i + 1) + " of the CSV header has no name", "name every column in the first row");
                    if (!seen.add(header[i])) throw new UserError(where, "the CSV header names column '" + header[i] + "' twice", "name each column once");
                }
            }
        }

        @Override
        long lastChars() { return chars; }

        private UserError syntax(IOException e) {
            if (e instanceof RecordTooLong || e instanceof CorpusFormat.TooCompressed) return unreadable(where, lastLine, e);
            if (e.getCause() instanceof IOException io && (io instanceof RecordTooLong || io instanceof CorpusFormat.TooCompressed)) return unreadable(where, lastLine, io);
            String m = e instanceof JsonProcessingException j ? jsonProblem(j) : String.valueOf(e.getMessage());
            return new UserError(where, "cannot read " + file.getFileName() + " as CSV: " + m,
                    "give a CSV file with a header row (quote cells that contain commas or quotes), or JSON lines");
        }

        @Override
        Record next() {
            if (header == null) return null;
            try {
                long start = rows.getParser().currentLocation().getCharOffset();
                lastLine = Math.max(lastLine, rows.getParser().currentLocation().getLineNr());
                in.startRecord();
                if (!rows.hasNextValue()) return null;
                long line = rows.getParser().currentLocation().getLineNr();
                lastLine = line;
                String[] cells = rows.nextValue();
                chars = Math.max(0, rows.getParser().currentLocation().getCharOffset() - start);
                if (cells.length != header.length) {
                    return Record.bad(line, "the row has " + cells.length + " cells, the header " + header.length,
                            "give one cell per header column (an empty cell means 'not given')");
                }
                ObjectNode obj = JsonNodeFactory.instance.objectNode();
                for (int i = 0; i < cells.length; i++) {
                    if (!cells[i].isEmpty()) obj.put(header[i], cells[i]);
                }
                return new Record(line, obj, null);
            } catch (IOException e) {
                throw syntax(e);
            }
        }

        @Override
        public void close() throws IOException { in.close(); }
    }
}
