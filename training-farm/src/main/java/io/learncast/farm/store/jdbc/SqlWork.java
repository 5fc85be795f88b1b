package io.learncast.farm.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work inside one transaction; it may run more than once if the database asks for a retry. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
