package dev.pedigree.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests against the embedded platform: Temporal's test server on a free loopback port, artifacts in a temporary
 * home, known tokens. Classes with the same settings share one Spring context (and so one platform).
 */
public abstract class EmbeddedPlatformTest {
  static final Path HOME = temporaryHome();

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    registry.add("pedigree.home", HOME::toString);
    registry.add("pedigree.temporal.embedded-port", () -> 0);
    registry.add("pedigree.admin-token", () -> Http.ADMIN);
    registry.add("pedigree.worker-token", () -> Http.WORKER);
    registry.add("pedigree.runs.heartbeat-timeout", () -> "5s");
  }

  private static Path temporaryHome() {
    try {
      return Files.createTempDirectory("pedigree-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
