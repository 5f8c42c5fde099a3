package dev.pedigree.migrations.testing;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link DataSource} and {@link TestDatabase} parameters to one migrated database per test class, created on
 * first use and dropped when the class is done. Use it through {@link PostgresTest}.
 */
public final class PostgresExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == DataSource.class || type == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestDatabase database = database(context);
    return parameter.getParameter().getType() == DataSource.class ? database.dataSource() : database;
  }

  private static TestDatabase database(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent(
            classContext.getRequiredTestClass(),
            testClass -> new DroppedOnClose(TestPostgres.newDatabase(testClass.getSimpleName())),
            DroppedOnClose.class)
        .database();
  }

  /** The class-level context, also for nested classes (which share their outermost class's database). */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      current = current.getParent().orElseThrow();
    }
    return current;
  }

  /** JUnit closes store values that are {@link AutoCloseable} when their context ends. */
  private record DroppedOnClose(TestDatabase database) implements AutoCloseable {
    @Override
    public void close() {
      TestPostgres.drop(database);
    }
  }
}
