package io.learncast.data;

import io.learncast.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CsvTaskTest {
    @TempDir Path dir;

    @Test
    void readsAUsersTable() throws Exception {
        Path f = dir.resolve("t.csv");
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 50; i++) sb.append(i).append(',').append(i % 7).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        Files.writeString(f, sb);
        Dataset d = Datasets.build(TaskSpec.parse("csv:path=" + f + ",label=y", "--task"), DataSpec.fraction(0.8), 1);
        assertEquals(2, d.numClasses());
        assertEquals(40, d.train().size());
        assertEquals(10, d.test().size());
        assertEquals(2, d.input().dim());
    }

    @Test
    void unreadableOrMalformedTablesAreUserErrors() throws Exception {
        UserError e = assertThrows(UserError.class,
                () -> Datasets.build(TaskSpec.parse("csv:path=" + dir.resolve("missing.csv") + ",label=y", "--task"), DataSpec.fraction(0.8), 1));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "a,y\n1,x\nfoo,y\n3,x\n");
        e = assertThrows(UserError.class, () -> Datasets.build(TaskSpec.parse("csv:path=" + f + ",label=y", "--task"), DataSpec.fraction(0.8), 1));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("not a number"), e.getMessage());
        e = assertThrows(UserError.class, () -> Datasets.build(TaskSpec.parse("csv:path=" + f + ",label=z", "--task"), DataSpec.fraction(0.8), 1));
        assertTrue(e.getMessage().contains("no column 'z'"), e.getMessage());
    }
}
