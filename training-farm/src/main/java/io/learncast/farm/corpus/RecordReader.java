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
 */
abstract class RecordReader implements Closeable {

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

    static RecordReader open(Path file, CorpusFormat format, String where) {
        BufferedReader in = new BufferedReader(new InputStreamReader(CorpusFormat.open(file, where), StandardCharsets.UTF_8), 1 << 16);
        return format == CorpusFormat.CSV ? new Csv(in, file, where) : new Jsonl(in);
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
        private long line;

        Jsonl(BufferedReader in) {
            this.in = in;
        }

        @Override
        Record next() {
            try {
                String text;
                while ((text = in.readLine()) != null) {
                    line++;
                    if (line == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                    if (text.isBlank()) continue;
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
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException { in.close(); }
    }

    private static final class Csv extends RecordReader {
        private static final CsvMapper MAPPER = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .build();
        private final BufferedReader in;
        private final MappingIterator<String[]> rows;
        private final String[] header;
        private final Path file;
        private final String where;

        Csv(BufferedReader in, Path file, String where) {
            this.in = in;
            this.file = file;
            this.where = where;
            try {
                in.mark(1);
                if (in.read() != '\uFEFF') in.reset();
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

        private UserError syntax(IOException e) {
            String m = e instanceof JsonProcessingException j ? jsonProblem(j) : String.valueOf(e.getMessage());
            return new UserError(where, "cannot read " + file.getFileName() + " as CSV: " + m,
                    "give a CSV file with a header row (quote cells that contain commas or quotes), or JSON lines");
        }

        @Override
        Record next() {
            if (header == null) return null;
            try {
                if (!rows.hasNextValue()) return null;
                long line = rows.getParser().currentLocation().getLineNr();
                String[] cells = rows.nextValue();
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
