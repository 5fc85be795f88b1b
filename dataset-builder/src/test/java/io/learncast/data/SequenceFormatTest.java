package io.learncast.data;

import io.learncast.common.UserError;
import io.learncast.data.DataSpec;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.data.InputSpace;
import io.learncast.data.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Each token task becomes the documented sequence; tasks without tokens are refused by name. */
class SequenceFormatTest {

    static Dataset data(String task, Double frac, Integer n) {
        return Datasets.build(TaskSpec.parse(task, "task"), new DataSpec(frac, n, null, 0.0), 5);
    }

    @Test
    void modularTasksReadAEqualsB() {
        for (String task : new String[] {"modadd:p=7", "modsub:p=7", "modmul:p=7"}) {
            Dataset d = data(task, 0.5, null);
            SequenceFormat f = SequenceFormat.of(d);
            assertEquals(3, f.positions());
            assertEquals(8, f.vocab());
            assertEquals(7, f.readOut());
            int[] seq = f.encode(d.train(), d.input());
            for (int e = 0; e < d.train().size(); e++) {
                assertEquals(d.train().tokens()[2 * e], seq[3 * e], "a");
                assertEquals(d.train().tokens()[2 * e + 1], seq[3 * e + 1], "b");
                assertEquals(7, seq[3 * e + 2], "=");
            }
        }
    }

    @Test
    void additionReadsItsDigitsThenEquals() {
        Dataset d = data("addition:digits=2", 0.1, null);
        SequenceFormat f = SequenceFormat.of(d);
        assertEquals(5, f.positions());
        assertEquals(11, f.vocab());
        int[] seq = f.encode(d.train(), d.input());
        for (int e = 0; e < d.train().size(); e++) {
            int a = seq[5 * e] * 10 + seq[5 * e + 1];
            int b = seq[5 * e + 2] * 10 + seq[5 * e + 3];
            assertEquals(a + b, d.train().labels()[e], "the label is the sum of the two numbers, most significant digit first");
            assertEquals(10, seq[5 * e + 4]);
        }
    }

    @Test
    void parityReadsItsBitsThenEquals() {
        for (String task : new String[] {"parity:n=6", "sparse-parity:n=6,k=2"}) {
            Dataset d = data(task, null, 40);
            SequenceFormat f = SequenceFormat.of(d);
            assertEquals(7, f.positions());
            assertEquals(3, f.vocab());
            int[] seq = f.encode(d.test(), d.input());
            for (int e = 0; e < d.test().size(); e++) {
                for (int j = 0; j < 6; j++) assertEquals(d.test().features()[6 * e + j] > 0 ? 1 : 0, seq[7 * e + j]);
                assertEquals(2, seq[7 * e + 6]);
            }
        }
        // full parity: the label is the parity of the 1 bits
        Dataset d = data("parity:n=6", null, 40);
        int[] seq = SequenceFormat.of(d).encode(d.train(), d.input());
        for (int e = 0; e < d.train().size(); e++) {
            int ones = 0;
            for (int j = 0; j < 6; j++) ones += seq[7 * e + j];
            assertEquals(ones & 1, d.train().labels()[e]);
        }
    }

    @Test
    void csvTablesAreNotTokenTasks(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "x,y,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n");
        Dataset d = data("csv:path=" + csv + ",label=label", 0.5, null);
        UserError e = assertThrows(UserError.class, () -> SequenceFormat.of(d));
        assertEquals("arch", e.where());
        assertTrue(e.getMessage().contains("csv is not one") && e.getMessage().contains("numeric feature columns"), e.getMessage());
        assertTrue(e.getMessage().contains("arch mlp"), "says how to fix it: " + e.getMessage());
        // an allow-list: a name it does not know is refused even with token inputs
        assertThrows(UserError.class, () -> SequenceFormat.of("copy", InputSpace.tokens(4, 10)));
    }
}
