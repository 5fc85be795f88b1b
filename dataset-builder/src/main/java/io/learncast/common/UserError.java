package io.learncast.common;

/**
 * An error in what the user gave us (a flag, a spec field, a file, a request field).
 * The application prints {@link #getMessage()} without a stack trace and exits with code 2;
 * the HTTP service answers 400 with the same text.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String where;
    private final String what;
    private final String hint;

    /**
     * @param where the flag, field path, file or line the problem is in (e.g. {@code --width}, {@code axes.lr.log})
     * @param what  what is wrong
     * @param hint  how to fix it: the allowed values or an example
     */
    public UserError(String where, String what, String hint) {
        super(format(where, what, hint));
        this.where = where;
        this.what = what;
        this.hint = hint;
    }

    public UserError(String where, String what, String hint, Throwable cause) {
        this(where, what, hint);
        if (cause != null) initCause(cause);
    }

    public String where() { return where; }

    public String what() { return what; }

    /** The same error, located somewhere else (e.g. a config key turned into the CLI flag or spec path it came from). */
    public UserError relocate(String newWhere) {
        UserError e = new UserError(newWhere, what, hint);
        e.initCause(getCause());
        return e;
    }

    public String hint() { return hint; }

    private static String format(String where, String what, String hint) {
        StringBuilder sb = new StringBuilder();
        if (where != null && !where.isBlank()) sb.append(where).append(": ");
        sb.append(what);
        if (hint != null && !hint.isBlank()) sb.append(" (").append(hint).append(')');
        return sb.toString();
    }
}
