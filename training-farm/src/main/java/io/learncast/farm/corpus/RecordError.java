package io.learncast.farm.corpus;

import io.learncast.common.UserError;

/** A bad record: where it is ({@code line N, field X}), what is wrong and how to fix it. */
public final class RecordError extends UserError {
    private static final long serialVersionUID = 1L;
    private final long line;
    private final String field;

    public RecordError(long line, String field, String what, String hint) {
        super(where(line, field), what, hint);
        this.line = line;
        this.field = field;
    }

    /** A validation error raised deep down (naming a config key), located at a record's line and field. */
    public static RecordError at(long line, String field, UserError e) {
        RecordError r = new RecordError(line, field, e.what(), e.hint());
        r.initCause(e);
        return r;
    }

    private static String where(long line, String field) {
        return "line " + line + (field == null ? "" : ", field " + field);
    }

    public long line() { return line; }

    /** The field at fault, or null when the record as a whole is unreadable. */
    public String field() { return field; }
}
