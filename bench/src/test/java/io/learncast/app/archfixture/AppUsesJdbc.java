package io.learncast.app.archfixture;

/** Breaks "SQL only in the store's jdbc package" on purpose (ArchitectureTest checks that the rule notices). */
public final class AppUsesJdbc {
    public static java.sql.Connection open(String url) throws java.sql.SQLException { return java.sql.DriverManager.getConnection(url); }
}
