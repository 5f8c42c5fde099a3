package dev.pedigree.migrations.testing;

import javax.sql.DataSource;

/**
 * One database of the shared test server, owned by one test class (or by whoever asked for it). {@code jdbcUrl},
 * {@code user} and {@code password} are there for code that builds its own pool, e.g. a Spring context under test.
 */
public record TestDatabase(String name, String jdbcUrl, String user, String password, DataSource dataSource) {}
