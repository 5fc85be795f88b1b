package io.learncast.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work started on another thread, with its failure thrown as if it had run on this one. */
public final class Futures {
    private Futures() {}

    /** The result of {@code f}; a runtime exception or error it ended with is thrown unwrapped (a checked one stays wrapped). */
    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
