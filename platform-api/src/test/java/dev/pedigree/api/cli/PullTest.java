package dev.pedigree.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.EmbeddedPlatformTest;
import dev.pedigree.api.Http;
import dev.pedigree.api.TinyModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code pedigree pull} against the embedded platform: a whole download, a resumed one, and a tampered part. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PullTest extends EmbeddedPlatformTest {
  private static JsonNode model;
  private static byte[] stored;

  @LocalServerPort int port;
  @TempDir Path directory;

  @BeforeEach
  void trainOnce() throws Exception {
    if (model == null) {
      model = TinyModel.output(TinyModel.train(new Http(port), "pull"), "model");
      stored = Files.readAllBytes(Path.of(URI.create(model.path("uri").asString())));
    }
  }

  @Test
  void pullWritesTheModelAndLeavesNoPartFile() throws Exception {
    Path out = directory.resolve("model.bin");

    assertThat(pull("--out", out.toString())).isZero();

    assertThat(out).hasBinaryContent(stored);
    assertThat(directory.resolve("model.bin.part")).doesNotExist();
  }

  @Test
  void withoutOutTheFileTakesTheNameTheServerGivesIt() throws Exception {
    assertThat(pull()).isZero();

    String name = Path.of(URI.create(model.path("uri").asString())).getFileName().toString();
    assertThat(directory.resolve(name)).hasBinaryContent(stored);
  }

  @Test
  void pullResumesAPartFileFromWhereItEnds() throws Exception {
    Path out = directory.resolve("model.bin");
    Files.write(directory.resolve("model.bin.part"), Arrays.copyOf(stored, stored.length / 2));

    assertThat(pull("--out", out.toString())).isZero();

    assertThat(out).hasBinaryContent(stored);
  }

  @Test
  void aTamperedPartFileFailsTheSha256CheckAndIsDeleted() throws Exception {
    Path out = directory.resolve("model.bin");
    byte[] tampered = Arrays.copyOf(stored, stored.length / 2);
    tampered[0] ^= 1;
    Files.write(directory.resolve("model.bin.part"), tampered);

    assertThat(pull("--out", out.toString())).isEqualTo(1);

    assertThat(out).doesNotExist();
    assertThat(directory.resolve("model.bin.part")).doesNotExist();
    assertThat(pull("--out", out.toString())).as("a second pull starts over").isZero();
    assertThat(out).hasBinaryContent(stored);
  }

  @Test
  void anUnknownArtifactOrBadArgumentsFailWithoutWritingAFile() throws Exception {
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), Http.ADMIN);

    assertThat(Pull.run(api, new String[] {UUID.randomUUID().toString()}, directory)).isEqualTo(1);
    assertThat(Pull.run(api, new String[] {"--out"}, directory)).isEqualTo(2);
    assertThat(directory).isEmptyDirectory();
  }

  private int pull(String... options) throws Exception {
    String[] args = new String[options.length + 1];
    args[0] = model.path("id").asString();
    System.arraycopy(options, 0, args, 1, options.length);
    return Pull.run(new ApiClient(URI.create("http://127.0.0.1:" + port), Http.ADMIN), args, directory);
  }
}
