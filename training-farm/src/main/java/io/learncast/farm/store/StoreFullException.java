package io.learncast.farm.store;

/**
 * The store's disk is full (H2's "No space left on device", PostgreSQL's {@code disk_full}): not an outage
 * to wait out, but the end of this process's work. Whatever was committed stays; nothing more is written.
 * Once a store has seen it, every later operation fails with it at once (an embedded H2 closes its file).
 */
public final class StoreFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure, saying what the process had done before it. */
    public StoreFullException after(String done) {
        return new StoreFullException(getMessage() + "; " + done, getCause());
    }
}
