package io.learncast.app.service;

/** An HTTP error answer: status, the request field at fault (may be null) and a message for people. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String field;

    HttpError(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static HttpError badField(String field, String message) { return new HttpError(400, field, field + ": " + message); }
}
