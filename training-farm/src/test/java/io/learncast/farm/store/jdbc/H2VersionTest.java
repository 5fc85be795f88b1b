package io.learncast.farm.store.jdbc;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** H2 before 2.4.240 loses updates under SELECT … FOR UPDATE: the store refuses to open H2 stores on it. */
class H2VersionTest {
    @Test
    void theH2OnTheClassPathIsAtLeast2_4_240AndTheStoreChecksIt() {
        int[] v = Database.h2Version();
        assertTrue(Arrays.compare(v, new int[] {2, 4, 240}) >= 0, "H2 " + Arrays.toString(v));
        assertArrayEquals(new int[] {2, 4, 240}, Database.MIN_H2);
        assertDoesNotThrow(Database::requireH2Version);
        assertEquals(v[0] + "." + v[1] + "." + v[2], org.h2.engine.Constants.VERSION.split(" ")[0].replaceAll("[^0-9.]", ""));
    }
}
