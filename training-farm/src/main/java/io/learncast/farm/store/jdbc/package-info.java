/**
 * The JDBC implementation of the store, for embedded H2, H2 over TCP and PostgreSQL. Schema changes
 * are Flyway migrations in {@code db/migration}; the few dialect differences live in {@link io.learncast.farm.store.jdbc.Dialect}.
 * An embedded folder store is shared by the processes of one machine through {@link io.learncast.farm.store.jdbc.LocalShare}.
 */
package io.learncast.farm.store.jdbc;
