package io.learncast.farm.weights;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.*;

class KeepWeightsTest {
    static List<WeightArray> net(float scale) {
        float[] w0 = new float[6 * 4];
        for (int i = 0; i < w0.length; i++) w0[i] = scale * (i - 7.5f) / 3f;
        float[] w1 = new float[4 * 3];
        for (int i = 0; i < w1.length; i++) w1[i] = scale * (float) Math.sin(i);
        return List.of(new WeightArray("layer0", new int[] {6, 4}, w0), new WeightArray("layer1", new int[] {4, 3}, w1),
                new WeightArray("bias0", new int[] {4}, new float[] {0.5f, -0.25f, 0f, 1e-7f}), new WeightArray("bias1", new int[] {3}, new float[3]));
    }

    @Test
    void writesDeflatedNpyEntriesAsNumpyDoes() throws Exception {
        List<WeightArray> arrays = net(1f);
        byte[] npz = NpzWriter.write(arrays);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
            int k = 0;
            for (ZipEntry e; (e = zip.getNextEntry()) != null; k++) {
                names.add(e.getName());
                assertEquals(ZipEntry.DEFLATED, e.getMethod(), "compressed, as np.savez_compressed");
                byte[] b = zip.readAllBytes();
                assertEquals(0x93, b[0] & 0xff);
                assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.ISO_8859_1));
                assertEquals(1, b[6]);
                int headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(8);
                assertEquals(0, (10 + headerLen) % 64, "the data starts 64-byte aligned, as NumPy writes it");
                String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
                WeightArray a = arrays.get(k);
                String shape = a.shape().length == 1 ? "(" + a.shape()[0] + ",)" : "(" + a.shape()[0] + ", " + a.shape()[1] + ")";
                assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }"), header);
                assertTrue(header.endsWith("\n"));
                ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, b.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(4 * a.values().length, data.remaining());
                for (float v : a.values()) assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(data.getFloat()));
            }
        }
        assertEquals(List.of("layer0.npy", "layer1.npy", "bias0.npy", "bias1.npy"), names);
        assertArrayEquals(npz, NpzWriter.write(net(1f)), "the same weights give the same bytes (no clock in the file)");
    }

    @Test
    void offByDefaultKeepsNothing() {
        KeepWeights.Packed p = KeepWeights.OFF.pack(net(1f));
        assertNull(p.kept());
        assertNull(p.notKept(), "off is not a reason to say anything");
    }

    @Test
    void keepsUpToTheLimitAndSaysWhyNotOverIt() {
        byte[] npz = NpzWriter.write(net(1f));
        KeepWeights.Packed at = KeepWeights.upTo(npz.length).pack(net(1f));
        assertArrayEquals(npz, at.kept().npz(), "a file exactly at the limit is kept");
        assertEquals(KeptWeights.FORMAT, at.kept().format());
        assertEquals(NpzWriter.rawBytes(net(1f)), at.kept().rawBytes());
        assertTrue(at.kept().rawBytes() > 4 * (24 + 12 + 4 + 3), "raw size counts headers and float32 data");
        KeepWeights.Packed over = KeepWeights.upTo(npz.length - 1).pack(net(1f));
        assertNull(over.kept());
        assertTrue(over.notKept().contains("over the limit of " + (npz.length - 1)), over.notKept());
    }

    @Test
    void aDivergedNetIsNotKept() {
        List<WeightArray> bad = new ArrayList<>(net(1f));
        bad.set(1, new WeightArray("layer1", new int[] {4, 3}, new float[] {0, 0, 0, 0, 0, Float.NaN, 0, 0, 0, 0, 0, 0}));
        KeepWeights.Packed p = KeepWeights.upTo(KeepWeights.DEFAULT_LIMIT).pack(bad);
        assertNull(p.kept());
        assertTrue(p.notKept().contains("layer1") && p.notKept().contains("diverged"), p.notKept());
    }

    @Test
    void aPaddedLayoutIsCopiedWithoutItsPadding() {
        float[] flat = {1, 2, 0, 0, 3, 4, 0, 0, 9, 9};
        WeightArray m = WeightArray.matrix("layer0", flat, 0, 2, 2, 4);
        assertArrayEquals(new float[] {1, 2, 3, 4}, m.values());
        assertArrayEquals(new float[] {9, 9}, WeightArray.vector("bias0", flat, 8, 2).values());
        flat[0] = 100;
        assertEquals(1f, m.values()[0], "a copy: training on does not change kept weights");
    }
}
