package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Tokens never show in logs or API answers; the one-time answer of POST /tokens is the only place a secret appears. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayHiddenTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void tokensAppearInNoLogLineAndNoAnswer(CapturedOutput output) throws IOException {
    Http http = new Http(port);
    Http.Response issued = http.post("/api/v1/tokens", Http.json(Map.of("name", "secret-test", "role", "user")),
        Http.ADMIN);
    String userToken = issued.json().path("token").asString();
    assertThat(userToken).startsWith("pdg_");
    List<String> secrets = List.of(Http.ADMIN, Http.WORKER, userToken);

    String run = http.post("/api/v1/runs",
        "{\"name\":\"secrets\",\"kind\":\"pretrain\",\"spec\":{\"training\":{\"steps\":1}}}", userToken)
        .json().path("id").asString();
    List<String> answers = new ArrayList<>();
    for (String token : secrets) {
      answers.add(text(http.post("/api/v1/runs", "{\"name\":", token)));
      answers.add(text(http.post("/api/v1/runs/" + run + "/attempts", "{\"attempt\":0}", token)));
      answers.add(text(http.post("/api/v1/runs/" + run + "/metrics", "{\"attempt\":1,\"series\":[]}", token)));
      answers.add(text(http.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"nobody\"}", token)));
      answers.add(text(http.post("/api/v1/runs/" + UUID.randomUUID() + "/cancel", "", token)));
    }
    answers.add(text(http.post("/api/v1/runs", "{}", "pdg_" + Http.ADMIN)));
    for (String path : List.of("/api/v1/runs", "/api/v1/runs/" + run, "/api/v1/runs/" + run + "/metrics",
        "/api/v1/runs/" + run + "/metrics/keys", "/api/v1/examples", "/api/v1/openapi", "/actuator/health", "/")) {
      answers.add(get(path));
    }

    for (String secret : secrets) {
      assertThat(answers).noneMatch(answer -> answer.contains(secret));
      assertThat(output.getAll()).doesNotContain(secret);
      for (Path log : logFiles()) {
        assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
      }
    }
  }

  /** Where the platform's log lines go: the files of Logback's file appenders, whatever their configured path. */
  private static List<Path> logFiles() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    List<Path> files = new ArrayList<>();
    context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appender -> {
      if (appender instanceof FileAppender<?> file && file.getFile() != null) {
        files.add(Path.of(file.getFile()));
      }
    });
    assertThat(files).as("the platform logs to a file").isNotEmpty().allMatch(Files::isRegularFile);
    return files;
  }

  private static String text(Http.Response response) {
    return response.json().toString();
  }

  private String get(String path) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
