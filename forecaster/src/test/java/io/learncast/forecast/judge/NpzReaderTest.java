package io.learncast.forecast.judge;

import io.learncast.common.UserError;
import io.learncast.data.WeightMeasures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .npz reader takes exactly what NumPy writes for float arrays, and refuses everything else with one line. */
class NpzReaderTest {

    /** A .npy file as numpy.save writes it (format 1.0, header padded to 64 bytes, ending in a newline). */
    static byte[] npy(String descr, boolean fortran, int[] shape, double[] values) {
        String dims = shape.length == 1 ? shape[0] + "," : shape[0] + ", " + shape[1];
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + dims + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        int width = descr.endsWith("8") ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : values) {
            if (width == 8) b.putDouble(v); else b.putFloat((float) v);
        }
        return b.array();
    }

    static byte[] npz(Map<String, byte[]> entries) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.sin(i * 0.37);
        return v;
    }

    /** An MLP for modadd:p=5 of width 4: layer0 (10, 4), layer1 (4, 5), biases. */
    static Map<String, byte[]> mlp() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("layer0.npy", npy("<f4", false, new int[] {10, 4}, ramp(40)));
        m.put("bias0.npy", npy("<f4", false, new int[] {4}, ramp(4)));
        m.put("layer1.npy", npy("<f8", false, new int[] {4, 5}, ramp(20)));
        return m;
    }

    @Test
    void readsFloatArraysAndMeasuresAnMlp() {
        Map<String, NpzReader.Array> a = NpzReader.read(npz(mlp()), "net.npz", "--weights");
        assertEquals(3, a.size());
        assertArrayEquals(new int[] {10, 4}, a.get("layer0").shape());
        assertEquals((float) Math.sin(0.37), a.get("layer0").values()[1]);
        WeightMeasures m = WeightFile.measure(a, "modadd:p=5", "--weights");
        assertEquals(2, m.layers().size());
        assertEquals(5, m.embed().group());
        assertEquals(2, m.embed().keyFrequencies().size(), "Z_5 has frequencies 1 and 2");
        assertTrue(Double.isNaN(m.trainMargin()), "no training data with a weights file");
    }

    private static String refusal(Map<String, byte[]> entries, String task) {
        UserError e = assertThrows(UserError.class, () -> WeightFile.measure(NpzReader.read(npz(entries), "net.npz", "--weights"), task, "--weights"));
        assertEquals("--weights", e.where());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsWhatNumpyWrites() throws IOException {
        // written by numpy.savez_compressed (see the resource's generator in README, "Judge a network trained elsewhere")
        byte[] b;
        try (var in = NpzReaderTest.class.getResourceAsStream("/judge/modadd5-w4.npz")) {
            b = in.readAllBytes();
        }
        Map<String, NpzReader.Array> a = NpzReader.read(b, "modadd5-w4.npz", "--weights");
        assertEquals(java.util.List.of("layer0", "bias0", "layer1", "bias1"), java.util.List.copyOf(a.keySet()));
        assertEquals(0.5f, a.get("layer0").values()[1]);
        assertEquals(2, WeightFile.measure(a, "modadd:p=5", "--weights").layers().size());
    }

    @Test
    void readsFortranOrderAsTheSameMatrix() {
        double[] colMajor = new double[20];
        double[] rowMajor = ramp(20);
        for (int r = 0; r < 4; r++) for (int c = 0; c < 5; c++) colMajor[c * 4 + r] = rowMajor[r * 5 + c];
        NpzReader.Array f = NpzReader.npy(npy("<f4", true, new int[] {4, 5}, colMajor), "--weights", "x");
        NpzReader.Array c = NpzReader.npy(npy("<f4", false, new int[] {4, 5}, rowMajor), "--weights", "x");
        assertArrayEquals(c.values(), f.values());
    }

    @Test
    void refusesAPickleNumpyWrote() throws IOException {
        byte[] b;
        try (var in = NpzReaderTest.class.getResourceAsStream("/judge/pickled.npz")) {
            b = in.readAllBytes(); // numpy.savez of an object array: its data is a pickle
        }
        UserError e = assertThrows(UserError.class, () -> NpzReader.read(b, "pickled.npz", "--weights"));
        assertTrue(e.getMessage().contains("Python objects"), e.getMessage());
    }

    @Test
    void refusesPickledObjects() {
        Map<String, byte[]> m = mlp();
        m.put("layer1.npy", npy("|O", false, new int[] {4, 5}, new double[0]));
        assertTrue(refusal(m, "modadd:p=5").contains("Python objects"));
    }

    @Test
    void refusesOtherDtypesFortranOrderAndTruncatedData() {
        Map<String, byte[]> m = mlp();
        m.put("layer1.npy", npy(">f4", false, new int[] {4, 5}, ramp(20)));
        assertTrue(refusal(m, "modadd:p=5").contains("dtype >f4"));
        m = mlp();
        m.put("layer1.npy", npy("<f4", false, new int[] {4, 5}, ramp(19)));
        assertTrue(refusal(m, "modadd:p=5").contains("bytes of data"));
        m = mlp();
        m.put("layer1.npy", "not numpy".getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal(m, "modadd:p=5").contains("magic"));
    }

    @Test
    void refusesWrongShapesMissingLayersNanAndStrangeNames() {
        assertTrue(refusal(mlp(), "modadd:p=7").contains("needs 14 rows"));
        Map<String, byte[]> m = mlp();
        m.remove("layer0.npy");
        assertTrue(refusal(m, "modadd:p=5").contains("layer0"));
        m = mlp();
        m.put("layer2.npy", npy("<f4", false, new int[] {5, 5}, ramp(25)));
        m.remove("layer1.npy");
        assertTrue(refusal(m, "modadd:p=5").contains("layer1 is missing"));
        m = mlp();
        double[] nan = ramp(20);
        nan[3] = Double.NaN;
        m.put("layer1.npy", npy("<f4", false, new int[] {4, 5}, nan));
        assertTrue(refusal(m, "modadd:p=5").contains("NaN"));
        m = mlp();
        m.put("optimizer_state.npy", npy("<f4", false, new int[] {3}, ramp(3)));
        assertTrue(refusal(m, "modadd:p=5").contains("unexpected array"));
        m = mlp();
        m.put("bias0.npy", npy("<f4", false, new int[] {5}, ramp(5)));
        assertTrue(refusal(m, "modadd:p=5").contains("bias0"));
    }

    @Test
    void refusesWhatIsNotAZipOfArrays() {
        UserError e = assertThrows(UserError.class, () -> NpzReader.read("plain text".getBytes(StandardCharsets.UTF_8), "x.npz", "--weights"));
        assertTrue(e.getMessage().contains("no arrays") || e.getMessage().contains("zip"), e.getMessage());
        e = assertThrows(UserError.class, () -> NpzReader.read(npz(Map.of("sub/layer0.npy", npy("<f4", false, new int[] {1}, ramp(1)))), "x.npz", "--weights"));
        assertTrue(e.getMessage().contains("not a top-level"), e.getMessage());
    }
}
