package io.learncast.app.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A request's query parameters, read strictly: only the names an endpoint allows, none twice, typed with a message naming the parameter. */
final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    static Params of(String raw, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&")) {
                if (part.isEmpty()) continue;
                int eq = part.indexOf('=');
                String k;
                String v;
                try {
                    k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                    v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw DashError.bad("query", "malformed %-escape");
                }
                if (!allowed.contains(k)) throw DashError.bad(k.length() > 40 ? k.substring(0, 40) + "…" : k, "unknown parameter; allowed: " + String.join(", ", new TreeSet<>(allowed)));
                if (out.put(k, v) != null) throw DashError.bad(k, "is given twice");
            }
        }
        return new Params(out);
    }

    /** The value, or null when absent or empty (an empty form field means "any"). */
    String text(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > 400) throw DashError.bad(name, "is longer than 400 characters");
        return v.trim();
    }

    String text(String name, String def) {
        String v = text(name);
        return v == null ? def : v;
    }

    Integer integer(String name, Integer def, long min, long max) {
        Long v = longValue(name, def == null ? null : (long) def, min, max);
        return v == null ? null : v.intValue();
    }

    Long longValue(String name, Long def, long min, long max) {
        String v = text(name);
        if (v == null) return def;
        long x;
        try {
            x = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw DashError.bad(name, "must be a whole number, got '" + v + "'");
        }
        if (x < min || x > max) throw DashError.bad(name, "must be between " + min + " and " + max + ", got " + v);
        return x;
    }

    Double number(String name, Double def) {
        String v = text(name);
        if (v == null) return def;
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw DashError.bad(name, "must be a finite number, got '" + v + "'");
        }
    }

    boolean flag(String name) {
        String v = text(name, "false").toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("1")) return true;
        if (v.equals("false") || v.equals("0")) return false;
        throw DashError.bad(name, "must be true or false, got '" + v + "'");
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E def) {
        String v = text(name);
        if (v == null) return def;
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(v)) return e;
        TreeSet<String> allowed = new TreeSet<>();
        for (E e : type.getEnumConstants()) allowed.add(e.name().toLowerCase(Locale.ROOT));
        throw DashError.bad(name, "unknown value '" + v + "'; allowed: " + String.join(", ", allowed));
    }
}
