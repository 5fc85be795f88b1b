package io.learncast.farm.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Typed access to one record's fields, each problem located at the record's line and the field. A
 * missing field, JSON null, an empty cell, blank text or NaN all mean "not given"; numbers may be JSON
 * numbers or text (as in CSV), and whole numbers may be written as 97.0 (as pandas does).
 */
final class RecordFields {
    private final Record record;
    private final Set<String> used = new HashSet<>();

    RecordFields(Record record) {
        this.record = record;
    }

    long line() { return record.line(); }

    Set<String> used() { return used; }

    /** Every field of the record as written (unknown ones included). */
    java.util.Iterator<java.util.Map.Entry<String, JsonNode>> recordFields() { return record.fields().fields(); }

    RecordError error(String field, String what, String hint) {
        return new RecordError(record.line(), field, what, hint);
    }

    /** The raw value, or null when not given; marks the field as read. */
    JsonNode node(String field) {
        used.add(field);
        JsonNode n = record.fields().get(field);
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isTextual() && (n.asText().isBlank() || isNanText(n.asText()))) return null;
        if (n.isFloatingPointNumber() && !n.isBigDecimal() && Double.isNaN(n.doubleValue())) return null;
        return n;
    }

    boolean has(String field) { return node(field) != null; }

    static boolean isNanText(String t) {
        String s = t.trim();
        return s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("-nan") || s.equalsIgnoreCase("+nan");
    }

    String text(String field) {
        JsonNode n = node(field);
        if (n == null) return null;
        if (n.isContainerNode()) throw error(field, "expected text, found " + (n.isArray() ? "a list" : "an object"), null);
        if (n.isBigDecimal()) return n.decimalValue().toPlainString();
        return n.asText().trim();
    }

    String requiredText(String field, String hint) {
        String t = text(field);
        if (t == null) throw error(field, "is missing", hint);
        return t;
    }

    Double dbl(String field) {
        JsonNode n = node(field);
        if (n == null) return null;
        if (n.isNumber()) return n.doubleValue();
        if (n.isTextual()) {
            Double v = parseDouble(n.asText());
            if (v == null) throw error(field, "'" + n.asText() + "' is not a number", null);
            return v;
        }
        throw error(field, "expected a number, found " + kind(n), null);
    }

    /** A number that must be finite, or the default when not given. */
    double dbl(String field, double dflt) {
        Double v = dbl(field);
        return v == null ? dflt : v;
    }

    /** A measurement: not given, NaN or infinite all mean unknown (null). */
    Double measurement(String field) {
        Double v = dbl(field);
        return v == null || !Double.isFinite(v) ? null : v;
    }

    Long lng(String field) {
        JsonNode n = node(field);
        if (n == null) return null;
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) throw error(field, n.asText() + " is too large", null);
            return n.longValue();
        }
        if (n.isNumber()) return wholeOrThrow(field, n.decimalValue(), n.asText());
        if (n.isTextual()) {
            String t = n.asText().trim();
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                try {
                    return wholeOrThrow(field, new BigDecimal(t), t);
                } catch (NumberFormatException e2) {
                    throw error(field, "'" + t + "' is not a whole number", null);
                }
            }
        }
        throw error(field, "expected a whole number, found " + kind(n), null);
    }

    Integer integer(String field) {
        Long v = lng(field);
        if (v == null) return null;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error(field, v + " is too large", null);
        return v.intValue();
    }

    int integer(String field, int dflt) {
        Integer v = integer(field);
        return v == null ? dflt : v;
    }

    Boolean bool(String field) {
        JsonNode n = node(field);
        if (n == null) return null;
        if (n.isBoolean()) return n.booleanValue();
        String t = n.asText().trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "true", "t", "yes", "y", "1", "1.0" -> { return true; }
            case "false", "f", "no", "n", "0", "0.0" -> { return false; }
            default -> throw error(field, "'" + n.asText() + "' is not true or false", "true/false (also 1/0, yes/no)");
        }
    }

    boolean bool(String field, boolean dflt) {
        Boolean v = bool(field);
        return v == null ? dflt : v;
    }

    /** A JSON list or object: as is in JSON lines, parsed from its text in a CSV cell. */
    JsonNode json(String field) {
        JsonNode n = node(field);
        if (n == null || n.isContainerNode() || !n.isTextual()) return n;
        String t = n.asText().trim();
        if (!(t.startsWith("[") || t.startsWith("{"))) return n;
        try {
            return RecordReader.parseJson(t);
        } catch (JsonProcessingException e) {
            throw error(field, "not valid JSON: " + RecordReader.jsonProblem(e), null);
        }
    }

    private Long wholeOrThrow(String field, BigDecimal v, String text) {
        try {
            return v.stripTrailingZeros().scale() <= 0 ? v.longValueExact() : fail(field, text);
        } catch (ArithmeticException e) {
            return fail(field, text);
        }
    }

    private Long fail(String field, String text) {
        throw error(field, "'" + text + "' is not a whole number", null);
    }

    /** Parses number text, including Python's spellings of non-finite values (nan, inf, -inf); null if it is not a number. */
    static Double parseDouble(String text) {
        String t = text.trim();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "nan", "-nan", "+nan" -> { return Double.NaN; }
            case "inf", "+inf", "infinity", "+infinity" -> { return Double.POSITIVE_INFINITY; }
            case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
            default -> { }
        }
        if (t.isEmpty() || !(Character.isDigit(t.charAt(t.length() - 1)) || t.charAt(t.length() - 1) == '.')) return null; // no 1d/1f suffixes
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String kind(JsonNode n) {
        if (n.isArray()) return "a list";
        if (n.isObject()) return "an object";
        if (n.isBoolean()) return "true/false";
        if (n.isNumber()) return "a number";
        return "'" + n.asText() + "'";
    }
}
