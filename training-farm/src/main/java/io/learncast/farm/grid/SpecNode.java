package io.learncast.farm.grid;

import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.common.UserError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A node of a parsed spec together with its path ({@code axes.width[2]}), so that every problem is
 * reported where it is, with what is allowed there. Numbers may be written as numbers or quoted.
 */
record SpecNode(JsonNode node, String path) {

    String child(String key) { return path.isEmpty() ? key : path + "." + key; }

    SpecNode get(String key) {
        JsonNode n = node.get(key);
        return n == null || n.isNull() ? null : new SpecNode(n, child(key));
    }

    SpecNode at(int i) { return new SpecNode(node.get(i), path + "[" + i + "]"); }

    boolean isObject() { return node.isObject(); }

    boolean isArray() { return node.isArray(); }

    boolean isScalar() { return node.isValueNode(); }

    /** Requires an object whose keys are all among {@code allowed}. */
    SpecNode object(String what, List<String> allowed) {
        if (!node.isObject()) throw new UserError(path, "expected " + what + ", got " + describe(), "allowed keys: " + String.join(", ", allowed));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                String near = nearest(key, allowed);
                throw new UserError(child(key), "unknown key '" + key + "'",
                        (near != null ? "did you mean '" + near + "'? " : "") + "allowed here: " + String.join(", ", allowed));
            }
        }
        return this;
    }

    List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    List<SpecNode> elements() {
        List<SpecNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) out.add(at(i));
        return out;
    }

    String text(String allowed) {
        if (node.isTextual() && !node.asText().isBlank()) return node.asText().trim();
        if (node.isNumber()) return node.asText();
        if (node.isBoolean()) return node.asText(); // on/off knobs: YAML reads off and on as booleans
        throw new UserError(path, "expected a name or text, got " + describe(), allowed);
    }

    double real(String allowed) {
        if (node.isNumber()) {
            double v = node.asDouble();
            if (Double.isFinite(v)) return v;
            throw new UserError(path, "expected a finite number, got " + node.asText(), allowed);
        }
        if (node.isTextual()) {
            try {
                double v = Double.parseDouble(node.asText().trim());
                if (Double.isFinite(v)) return v;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new UserError(path, "expected a number, got " + describe(), allowed);
    }

    long whole(String allowed) {
        double v;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) throw new UserError(path, node.asText() + " is too large", allowed);
            return node.asLong();
        }
        try {
            v = real(allowed);
        } catch (UserError e) {
            throw new UserError(path, "expected a whole number, got " + describe(), allowed);
        }
        if (v != Math.rint(v) || Math.abs(v) > 9e15) throw new UserError(path, "expected a whole number, got " + describe(), allowed);
        return (long) v;
    }

    /** A yes/no field: the booleans true or false (quoted or not); anything else is refused, never read as a default. */
    boolean flag(String allowed) {
        if (node.isBoolean()) return node.asBoolean();
        if (node.isTextual()) {
            String t = node.asText().trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) return true;
            if (t.equals("false")) return false;
        }
        throw new UserError(path, "expected true or false, got " + describe(), allowed);
    }

    int integer(String allowed, long min, long max) {
        long v = whole(allowed);
        if (v < min || v > max) throw new UserError(path, v + " is out of range", allowed);
        return (int) v;
    }

    String describe() {
        if (node.isTextual()) return "'" + abbreviate(node.asText()) + "'";
        if (node.isNumber()) return node.asText();
        if (node.isBoolean()) return "the boolean " + node.asText();
        if (node.isArray()) return "a list";
        if (node.isObject()) return "a mapping";
        if (node.isNull()) return "nothing";
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "…";
    }

    /** The allowed key closest to a misspelt one (edit distance ≤ 2), or null. */
    static String nearest(String key, List<String> allowed) {
        String best = null;
        int bestD = 3;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), a);
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
