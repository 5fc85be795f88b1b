package io.learncast.common;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FuturesTest {
    @Test
    void failuresAreThrownAsIfTheWorkHadRunHere() {
        assertEquals(3, Futures.join(CompletableFuture.supplyAsync(() -> 3)));
        IllegalStateException ise = new IllegalStateException("x");
        assertSame(ise, assertThrows(IllegalStateException.class, () -> Futures.join(CompletableFuture.failedFuture(ise))));
        OutOfMemoryError oom = new OutOfMemoryError("y");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> Futures.join(CompletableFuture.failedFuture(oom))));
        Exception checked = new Exception("z");
        assertSame(checked, assertThrows(CompletionException.class, () -> Futures.join(CompletableFuture.failedFuture(checked))).getCause());
    }
}
