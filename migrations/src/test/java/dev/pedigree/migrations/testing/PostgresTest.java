package dev.pedigree.migrations.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class its own freshly migrated Postgres database: declare a {@link javax.sql.DataSource} or
 * {@link TestDatabase} parameter on a constructor, a {@code @BeforeAll}/{@code @BeforeEach} method or a test. The
 * database is dropped after the class. See {@link TestPostgres} for which server backs it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresExtension.class)
public @interface PostgresTest {}
