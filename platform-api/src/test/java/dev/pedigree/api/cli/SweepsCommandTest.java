package dev.pedigree.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.EmbeddedPlatformTest;
import dev.pedigree.api.Http;
import dev.pedigree.api.SeededSweep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code sweeps ID} against the embedded platform, for a seeded sweep whose val/loss follows its values. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SweepsCommandTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void theLearningRateRanksFirstCorrelatingNegativelyAndTheConstantLastWithNoCorrelation() throws Exception {
    UUID sweep = UUID.fromString("5eeded00-0000-4000-8000-0000000c1100");
    SeededSweep.insert(new Http(port), JdbcClient.create(dataSource), sweep, 12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), Http.ADMIN);
      assertThat(Cli.run(api, "sweeps", new String[] {sweep.toString()})).isZero();
    } finally {
      System.setOut(originalOut);
    }

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2 + 12 + 5);
    assertThat(lines.get(0)).isEqualTo("seeded (random search over pretrain runs): SUCCEEDED; minimize last val/loss");
    assertThat(lines.subList(2, 14)).allMatch(line -> line.matches(" {2}\\*?\\d+ +SUCCEEDED +\\d\\.\\d{4} +.*"))
        .filteredOn(line -> line.startsWith("  *")).hasSize(1);
    assertThat(lines.subList(14, 19)).containsExactly(
        "  parameter importance over the finished trials:",
        "  PARAMETER                         IMPORTANCE                 CORRELATION",
        "  training.learningRate             0.98 ####################  -0.94",
        "  training.warmupSteps              0.02                       +0.15",
        "  model.layers                      0.00                       -");
  }
}
