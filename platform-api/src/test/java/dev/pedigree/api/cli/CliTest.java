package dev.pedigree.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong command lines and unreachable platforms: one line saying what is wrong and a non-zero exit, no stack trace. */
class CliTest {
  /** Port 1 on loopback: nothing listens there, so every request is refused at once. */
  private static final ApiClient NOWHERE = new ApiClient(URI.create("http://127.0.0.1:1"), "");

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureErr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreErr() {
    System.setErr(originalErr);
  }

  @Test
  void submitOfAMissingFileSaysSo(@TempDir Path dir) throws Exception {
    String missing = dir.resolve("missing.json").toString();

    assertThat(Cli.run(NOWHERE, "submit", new String[] {missing})).isEqualTo(1);
    assertThat(stderr()).isEqualTo("pedigree: cannot read " + missing + ": no such file\n");
  }

  @Test
  void submitOfADirectorySaysSo(@TempDir Path dir) throws Exception {
    assertThat(Cli.run(NOWHERE, "submit", new String[] {dir.toString()})).isEqualTo(1);
    assertThat(stderr()).isEqualTo("pedigree: " + dir + " is a directory; give a JSON file\n");
  }

  @Test
  void statusOfSomethingOtherThanARunIdIsAUsageError() throws Exception {
    assertThat(Cli.run(NOWHERE, "status", new String[] {"a b/../tokens"})).isEqualTo(2);
    assertThat(stderr()).startsWith("pedigree: 'a b/../tokens' is not a run id (a UUID");
  }

  @Test
  void anUnreachablePlatformIsOneLineNotAStackTrace() throws Exception {
    assertThat(Cli.run(NOWHERE, "runs", new String[0])).isEqualTo(1);
    assertThat(stderr()).startsWith("pedigree: no platform answers at http://127.0.0.1:1 ").doesNotContain("\tat ");
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
