/**
 * Flyway's Java migrations (Flyway finds them in this package, beside the SQL ones in
 * {@code resources/db/migration}): the knob columns the catalogue derives.
 */
package db.migration;
