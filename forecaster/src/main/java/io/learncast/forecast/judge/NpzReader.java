package io.learncast.forecast.judge;

import io.learncast.common.UserError;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a NumPy {@code .npz} of weight matrices: a ZIP of {@code .npy} files (format 1.0–3.0), each a
 * little-endian {@code <f4} or {@code <f8} array of one or two dimensions, in C or Fortran order (NumPy
 * writes Fortran order for a transposed view, e.g. PyTorch's {@code weight.T}). Allow-listed, never
 * pickle: an object dtype ({@code |O}), a big-endian or any other dtype, a header that is not
 * the plain literal NumPy writes, more than {@value #MAX_ARRAYS} arrays, an array over
 * {@value #MAX_ELEMENTS} elements or a file over {@value #MAX_BYTES} bytes is refused with one line.
 * Nothing in the file is ever executed or deserialised.
 */
public final class NpzReader {
    public static final long MAX_BYTES = 256L << 20;
    public static final int MAX_ARRAYS = 64;
    public static final long MAX_ELEMENTS = 16L << 20;
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*'descr'\\s*:\\s*'([^']*)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,\\s*'shape'\\s*:\\s*\\(([0-9,\\s]*)\\)\\s*,?\\s*}\\s*");

    /** One array: its shape (1 or 2 dimensions) and values as doubles, row-major. */
    public record Array(int[] shape, float[] values) {
        public int rows() { return shape.length == 1 ? 1 : shape[0]; }

        public int cols() { return shape.length == 1 ? shape[0] : shape[1]; }

        public boolean finite() {
            for (float v : values) if (!Float.isFinite(v)) return false;
            return true;
        }
    }

    private NpzReader() {}

    /** The arrays of {@code file} by name (without ".npy"), in file order. */
    public static Map<String, Array> read(Path file, String where) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UserError(where, "cannot read " + file + " (" + e.getMessage() + ")", "give an existing .npz file");
        }
        if (size > MAX_BYTES) throw new UserError(where, file + " is " + size + " bytes, over the " + (MAX_BYTES >> 20) + " MiB limit", "save only the weight matrices");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in.readAllBytes(), file.toString(), where);
        } catch (IOException e) {
            throw new UserError(where, "cannot read " + file + " (" + e.getMessage() + ")", "give an existing .npz file");
        }
    }

    public static Map<String, Array> read(byte[] bytes, String name, String where) {
        if (bytes.length > MAX_BYTES) throw new UserError(where, name + " is over the " + (MAX_BYTES >> 20) + " MiB limit", "save only the weight matrices");
        Map<String, Array> out = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String entry = e.getName();
                if (e.isDirectory() || !entry.endsWith(".npy") || entry.contains("/") || entry.contains("\\")) {
                    throw bad(where, name, "holds '" + entry + "', not a top-level .npy array");
                }
                if (out.size() == MAX_ARRAYS) throw bad(where, name, "holds more than " + MAX_ARRAYS + " arrays");
                // read at most what the limits allow (a zip bomb stops here)
                byte[] b = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, MAX_ELEMENTS * 8 + 65_536 + 1));
                total += b.length;
                if (total > MAX_BYTES) throw bad(where, name, "inflates to more than " + (MAX_BYTES >> 20) + " MiB");
                String key = entry.substring(0, entry.length() - 4);
                out.put(key, npy(b, where, name + ":" + entry));
            }
        } catch (IOException e) {
            throw bad(where, name, "is not a readable .npz (zip) file: " + e.getMessage());
        }
        if (out.isEmpty()) throw bad(where, name, "holds no arrays (or is not a .npz file)");
        return out;
    }

    static Array npy(byte[] b, String where, String name) {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || !new String(b, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw bad(where, name, "is not a .npy array (no NumPy magic)");
        }
        int major = b[6];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw bad(where, name, "has .npy format " + major + ", not 1–3");
        }
        if (headerLen < 0 || headerLen > 65_536 || start + headerLen > b.length) throw bad(where, name, "has a malformed header");
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) throw bad(where, name, "has a header that is not a plain array description (" + abbreviate(header) + ")");
        String descr = m.group(1);
        if (descr.contains("O")) throw bad(where, name, "holds Python objects (dtype " + descr + "); pickled data is never read — save float arrays");
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw bad(where, name, "has dtype " + descr + "; allowed: little-endian float32 (<f4) or float64 (<f8)");
        };
        String[] dims = m.group(3).split(",");
        int[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }).toArray();
        if (shape.length < 1 || shape.length > 2) throw bad(where, name, "has " + shape.length + " dimensions; weight arrays have 1 or 2");
        long n = 1;
        for (int d : shape) {
            if (d <= 0) throw bad(where, name, "has an empty or malformed shape");
            n *= d;
        }
        if (n > MAX_ELEMENTS) throw bad(where, name, "has " + n + " elements, over the limit of " + MAX_ELEMENTS);
        int data = start + headerLen;
        if ((long) b.length - data != n * width) throw bad(where, name, "holds " + (b.length - data) + " bytes of data, not the " + n * width + " its shape needs");
        float[] v = new float[(int) n];
        bb.position(data);
        // Fortran order (column-major) is what NumPy writes for a transposed view such as PyTorch's weight.T: read it into row-major
        boolean fortran = m.group(2).equals("True") && shape.length == 2;
        int rows = shape.length == 2 ? shape[0] : 1;
        int cols = shape.length == 2 ? shape[1] : shape[0];
        for (int i = 0; i < n; i++) {
            float x = width == 4 ? bb.getFloat() : (float) bb.getDouble();
            v[fortran ? (i % rows) * cols + i / rows : i] = x;
        }
        return new Array(shape, v);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static UserError bad(String where, String name, String what) {
        return new UserError(where, name + " " + what, "see README, \"Judge a network trained elsewhere\", for the .npz format");
    }
}
