package io.learncast.farm.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes arrays as a NumPy {@code .npz} — what {@code np.savez_compressed} writes: a ZIP of deflated
 * {@code NAME.npy} entries, each {@code .npy} format 1.0, little-endian float32 ({@code <f4}), C order, the
 * header padded to 64 bytes. NumPy's {@code np.load} and learncast's own reader read it. The bytes are a
 * function of the arrays alone (fixed entry times), so the same weights always give the same file.
 */
public final class NpzWriter {
    /** 1980-01-01, the ZIP format's earliest date: no clock in the file. */
    private static final long ENTRY_TIME = 315532800000L;

    private NpzWriter() {}

    public static byte[] write(List<WeightArray> arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            for (WeightArray a : arrays) {
                ZipEntry e = new ZipEntry(a.name() + ".npy");
                e.setTime(ENTRY_TIME);
                zip.putNextEntry(e);
                zip.write(npy(a));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /** The uncompressed size of the arrays' {@code .npy} entries (what a file would be without deflate). */
    public static long rawBytes(List<WeightArray> arrays) {
        long n = 0;
        for (WeightArray a : arrays) n += header(a).length + 4L * a.values().length;
        return n;
    }

    static byte[] npy(WeightArray a) {
        byte[] h = header(a);
        ByteBuffer b = ByteBuffer.allocate(h.length + 4 * a.values().length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(h);
        for (float v : a.values()) b.putFloat(v);
        return b.array();
    }

    /** Magic, version 1.0, header length, and the dict literal padded with spaces to a multiple of 64, ending in a newline. */
    private static byte[] header(WeightArray a) {
        int[] s = a.shape();
        String shape = s.length == 1 ? "(" + s[0] + ",)" : "(" + s[0] + ", " + s[1] + ")";
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + dict.length() + 1) % 64 != 0) dict.append(' ');
        dict.append('\n');
        byte[] d = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + d.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        b.putShort((short) d.length);
        b.put(d);
        return b.array();
    }
}
