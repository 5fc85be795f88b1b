package io.learncast.app.dashboard;

/** An answer other than 200 from a dashboard endpoint: status, the parameter at fault (may be null), a message for people. */
final class DashError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String field;

    DashError(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static DashError bad(String field, String message) { return new DashError(400, field, field + ": " + message); }
}
