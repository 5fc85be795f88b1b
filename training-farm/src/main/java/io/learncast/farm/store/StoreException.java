package io.learncast.farm.store;

/** A store operation that failed for a reason other than the user's input (the database is broken or gone too long). */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
