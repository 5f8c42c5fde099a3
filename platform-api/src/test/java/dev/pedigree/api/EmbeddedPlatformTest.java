package dev.pedigree.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Tests against one shared embedded platform (one Spring context) with its in-process compute worker. */
public abstract class EmbeddedPlatformTest {
  static final TestPlatform PLATFORM = TestPlatform.create("shared");
  protected static final java.nio.file.Path HOME = PLATFORM.home();

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    PLATFORM.register(registry);
  }
}
