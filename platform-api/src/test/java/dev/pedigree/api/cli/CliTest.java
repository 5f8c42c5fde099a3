package dev.pedigree.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong command lines and unreachable platforms: one line saying what is wrong and a non-zero exit, no stack trace;
 * and whatever the API may answer is printed.
 */
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

  @Test
  void statusPrintsADivergedSummaryAsTheApiWritesIt() throws Exception {
    String run = "{\"name\":\"r\",\"kind\":\"pretrain\",\"status\":\"FAILED\",\"progress\":{\"step\":3,\"totalSteps\":9},"
        + "\"summary\":{\"train/loss\":{\"last\":\"NaN\",\"min\":-1.0E300,\"count\":3},"
        + "\"lr\":{\"last\":0.001,\"min\":\"-Infinity\",\"count\":3}}}";

    assertThat(stdoutOf(run, "status", UUID.randomUUID().toString())).contains(
        "  train/loss                 last NaN  min -1.0000e+300  (3 points)",
        "  lr                         last 0.0010  min -Infinity  (3 points)");
  }

  @Test
  void submitSendsABodyWhereItsShapeSays() {
    assertThat(Cli.collection("{\"name\":\"p\",\"stages\":[]}")).isEqualTo("pipelines");
    assertThat(Cli.collection("{\"name\":\"s\",\"parameters\":{},\"objective\":{}}")).isEqualTo("sweeps");
    assertThat(Cli.collection("{\"name\":\"r\",\"parameters\":{}}")).isEqualTo("runs");
    assertThat(Cli.collection("{not json")).isEqualTo("runs");
  }

  @Test
  void aSweepListsItsTrialsWithTheBestMarkedAndAStoppedOneSaidSo() throws Exception {
    String sweep = "{\"name\":\"lr\",\"kind\":\"pretrain\",\"method\":\"grid\",\"status\":\"SUCCEEDED\","
        + "\"objective\":{\"metric\":\"val/loss\",\"goal\":\"minimize\",\"summary\":\"last\"},"
        + "\"best\":{\"trial\":2,\"objective\":1.25},\"trials\":["
        + "{\"trial\":1,\"params\":{\"lr\":0.1},\"runId\":\"r1\",\"status\":\"CANCELLED\",\"objective\":3.5,"
        + "\"stoppedEarly\":true},"
        + "{\"trial\":2,\"params\":{\"lr\":0.01},\"runId\":\"r2\",\"status\":\"SUCCEEDED\",\"objective\":1.25,"
        + "\"stoppedEarly\":false},"
        + "{\"trial\":3,\"params\":{\"lr\":0.001},\"status\":\"PENDING\",\"stoppedEarly\":false}]}";

    assertThat(stdoutOf(sweep, "sweeps", UUID.randomUUID().toString()).lines().toList()).containsExactly(
        "lr (grid search over pretrain runs): SUCCEEDED; minimize last val/loss",
        "  TRIAL   STATUS     OBJECTIVE     RUN                                   PARAMS",
        "  1       STOPPED    3.5000        r1                                    {\"lr\":0.1}",
        "  *2      SUCCEEDED  1.2500        r2                                    {\"lr\":0.01}",
        "  3       PENDING    -             -                                     {\"lr\":0.001}");
  }

  /** What the command prints when every request is answered with {@code json}. */
  private static String stdoutOf(String json, String command, String... args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "");
      assertThat(Cli.run(api, command, args)).isZero();
    } finally {
      System.setOut(originalOut);
      server.stop(0);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
