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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
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
  private volatile String requested;

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

    String out = stdoutOf("status", new String[] {UUID.randomUUID().toString()}, run);

    assertThat(out).contains(
        "  train/loss                 last NaN  min -1.0000e+300  (3 points)",
        "  lr                         last 0.0010  min -Infinity  (3 points)");
  }

  @Test
  void statusPrintsWhatTheRunSpent() throws Exception {
    String run = "{\"name\":\"r\",\"kind\":\"pretrain\",\"status\":\"RUNNING\",\"progress\":{\"step\":3,"
        + "\"totalSteps\":9},\"usage\":{\"deviceSeconds\":3600.4,\"lostSeconds\":375.0,\"device\":\"cuda\","
        + "\"cost\":2.49,\"currency\":\"USD\"}}";
    String unpriced = run.replace("\"cost\":2.49", "\"cost\":null");

    assertThat(stdoutOf("status", new String[] {UUID.randomUUID().toString()}, run))
        .contains("  device time 1:00:00 on cuda, 0:06:15 of it lost, cost 2.4900 USD\n");
    assertThat(stdoutOf("status", new String[] {UUID.randomUUID().toString()}, unpriced))
        .contains("  device time 1:00:00 on cuda, 0:06:15 of it lost, cost unknown (no price for the device)\n");
  }

  @Test
  void usagePrintsOneRowPerGroupAndTheTotal() throws Exception {
    String report = """
        {"currency": "EUR", "groups": [
          {"key": "2026-11-01", "runs": 2, "attempts": 3, "deviceSeconds": 3960.0, "lostSeconds": 375.0, "cost": 2.739},
          {"key": "2026-11-02", "runs": 1, "attempts": 2, "deviceSeconds": 1800.0, "lostSeconds": 720.0, "cost": null}],
         "total": {"key": null, "runs": 3, "attempts": 5, "deviceSeconds": 5760.0, "lostSeconds": 1095.0,
                   "cost": null}}""";

    String out = stdoutOf("usage", new String[] {"--by", "day", "--project", "vision lab"}, report);

    assertThat(requested).isEqualTo("/api/v1/usage?groupBy=day&project=vision+lab");
    assertThat(out).isEqualTo("""
        DAY                                    RUNS  ATTEMPTS   DEVICE TIME          LOST    COST (EUR)
        2026-11-01                                2         3       1:06:00       0:06:15        2.7390
        2026-11-02                                1         2       0:30:00       0:12:00             -
        total                                     3         5       1:36:00       0:18:15             -
        """);
    assertThat(Cli.run(NOWHERE, "usage", new String[] {"--by"})).isEqualTo(2);
    assertThat(stderr()).startsWith("usage: pedigree usage [--project P] [--by ");
  }

  @Test
  void predictPrintsTheLossItsIntervalAndTheRunsTheLawRestsOn(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("big.json");
    java.nio.file.Files.writeString(run, "{\"name\": \"big\", \"kind\": \"pretrain\", \"project\": \"lm\","
        + " \"spec\": {\"model\": {\"dModel\": 128}}}");
    String prediction = """
        {"parameters": 396800, "tokens": 1638400, "loss": 1.23456,
         "interval": {"low": 1.1, "high": 1.4, "level": 0.9, "resamples": 200},
         "fit": {"project": "lm", "metric": "val/loss",
                 "law": {"irreducible": 0.9, "a": 30.0, "alpha": 0.4, "b": 20.0, "beta": 0.35},
                 "runs": [{"id": "r-1", "name": "d32-s200", "parameters": 25472, "tokens": 204800, "loss": 2.3472,
                           "fitted": 2.35, "residual": -0.0028}]}}""";

    String out = stdoutOf("predict", new String[] {run.toString()}, prediction);

    assertThat(requested).isEqualTo("/api/v1/scaling-law/predict");
    assertThat(out).isEqualTo("""
        predicted val/loss: 1.2346 (90% interval 1.1000 - 1.4000 over 200 resamples)
        for N = 396,800 non-embedding parameters, D = 1,638,400 tokens
        law: L = 0.9000 + 30.00 / N^0.4000 + 20.00 / D^0.3500, fitted to 1 succeeded pretrain runs of project lm:
        RUN                                   NAME                                 N               D       LOSS        LAW   RESIDUAL
        r-1                                   d32-s200                        25,472         204,800     2.3472     2.3500    -0.0028
        """);
    java.nio.file.Files.writeString(run, "{\"name\": \"rl\", \"kind\": \"rl\", \"spec\": {}}");
    assertThat(Cli.run(NOWHERE, "predict", new String[] {run.toString()})).isEqualTo(1);
    assertThat(Cli.run(NOWHERE, "predict", new String[] {run.toString(), "--steps"})).isEqualTo(2);
    assertThat(stderr()).contains("is a rl run; scaling laws predict pretrain runs",
        "usage: pedigree predict FILE [--project P] [--metric val/loss]");
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

    assertThat(stdoutOf("sweeps", new String[] {UUID.randomUUID().toString()}, sweep).lines().toList())
        .containsExactly(
        "lr (grid search over pretrain runs): SUCCEEDED; minimize last val/loss",
        "  TRIAL   STATUS     OBJECTIVE     RUN                                   PARAMS",
        "  1       STOPPED    3.5000        r1                                    {\"lr\":0.1}",
        "  *2      SUCCEEDED  1.2500        r2                                    {\"lr\":0.01}",
        "  3       PENDING    -             -                                     {\"lr\":0.001}");
  }

  @Test
  void aSweepSaysWhereAshaStoppedATrialAndRanksItsParametersUnderTheTrials() throws Exception {
    String sweep = """
        {"name": "lr", "kind": "pretrain", "method": "random", "status": "SUCCEEDED",
         "objective": {"metric": "val/loss", "goal": "minimize", "summary": "last"},
         "best": {"trial": 2, "objective": 1.25}, "trials": [
          {"trial": 1, "params": {"lr": 0.1}, "runId": "r1", "status": "CANCELLED", "objective": 3.5,
           "stoppedEarly": true, "stoppedAt": {"rung": 0, "step": 10}},
          {"trial": 2, "params": {"lr": 0.01}, "runId": "r2", "status": "SUCCEEDED", "objective": 1.25,
           "stoppedEarly": false}],
         "importance": [
          {"parameter": "training.learningRate", "importance": 0.8125, "correlation": -0.934},
          {"parameter": "training.warmupSteps", "importance": 0.1875, "correlation": 0.2},
          {"parameter": "model.layers", "importance": 0.0, "correlation": null}]}""";

    assertThat(stdoutOf("sweeps", new String[] {UUID.randomUUID().toString()}, sweep).lines().toList())
        .containsExactly(
        "lr (random search over pretrain runs): SUCCEEDED; minimize last val/loss",
        "  TRIAL   STATUS                       OBJECTIVE     RUN                                   PARAMS",
        "  1       STOPPED at step 10 (rung 0)  3.5000        r1                                    {\"lr\":0.1}",
        "  *2      SUCCEEDED                    1.2500        r2                                    {\"lr\":0.01}",
        "  parameter importance over the finished trials:",
        "  PARAMETER                         IMPORTANCE                 CORRELATION",
        "  training.learningRate             0.81 ################      -0.93",
        "  training.warmupSteps              0.19 ####                  +0.20",
        "  model.layers                      0.00                       -");
  }

  @Test
  void aTpeSweepSaysHowEachTrialWasDrawnAndWhyOneFellBackToRandom() throws Exception {
    String sweep = """
        {"name": "lr", "kind": "pretrain", "method": "tpe", "status": "RUNNING",
         "objective": {"metric": "val/loss", "goal": "minimize", "summary": "last"}, "trials": [
          {"trial": 1, "params": {"lr": 0.1}, "runId": "r1", "status": "SUCCEEDED", "objective": 3.5,
           "stoppedEarly": false, "drawnBy": "random"},
          {"trial": 2, "params": {"lr": 0.01}, "runId": "r2", "status": "RUNNING", "stoppedEarly": false,
           "drawnBy": "random", "drawnWhy": "1 earlier trial(s) had an objective when trial 2 started; tpe needs 2"},
          {"trial": 3, "params": {}, "status": "PENDING", "stoppedEarly": false}]}""";

    assertThat(stdoutOf("sweeps", new String[] {UUID.randomUUID().toString()}, sweep).lines().toList())
        .containsExactly(
        "lr (tpe search over pretrain runs): RUNNING; minimize last val/loss",
        "  TRIAL   DRAWN   STATUS     OBJECTIVE     RUN                                   PARAMS",
        "  1       random  SUCCEEDED  3.5000        r1                                    {\"lr\":0.1}",
        "  2       random  RUNNING    -             r2                                    {\"lr\":0.01}",
        "  3       -       PENDING    -             -                                     "
            + "drawn by tpe when a slot frees",
        "  trial 2 was drawn at random: 1 earlier trial(s) had an objective when trial 2 started; tpe needs 2");
  }

  @Test
  void aSweepWithTooFewFinishedTrialsSaysWhyItHasNoImportance() throws Exception {
    String sweep = """
        {"name": "lr", "kind": "pretrain", "method": "grid", "status": "RUNNING",
         "objective": {"metric": "val/loss", "goal": "minimize", "summary": "last"}, "trials": [],
         "importanceReason": "needs 3 finished trials with the objective; 2 have it", "error": "one trial failed"}""";

    assertThat(stdoutOf("sweeps", new String[] {UUID.randomUUID().toString()}, sweep).lines().skip(2).toList())
        .containsExactly(
        "  parameter importance: needs 3 finished trials with the objective; 2 have it",
        "  error: one trial failed");
  }

  @Test
  void aModelByNameShowsItsTagsThenEachVersionsStageAliasesArtifactAndTagsCutShort() throws Exception {
    String model = """
        {"name": "arith", "project": "default", "latestVersion": {"version": 2},
         "tags": {"owner": "ana", "task": "arith"}}""";
    String versions = """
        [{"version": 2, "stage": "Production", "aliases": ["champion", "prod"],
          "artifact": {"id": "00000000-0000-4000-8000-000000000002"},
          "tags": {"data": "v2", "note": "%s"}},
         {"version": 1, "stage": "None", "aliases": [], "artifact": {"id": "00000000-0000-4000-8000-000000000001"},
          "tags": {}}]""".formatted("x".repeat(41));

    String out = stdoutOf("models", new String[] {"arith"}, path ->
        new Answer(200, path.endsWith("/versions") ? versions : model));

    assertThat(requested).isEqualTo("/api/v1/models/arith/versions");
    assertThat(out.lines().toList()).containsExactly(
        "arith (project default): 2 version(s), latest v2; tags owner=ana task=arith",
        "  VERSION  STAGE       ALIASES           ARTIFACT                              TAGS",
        "  v2       Production  champion prod     00000000-0000-4000-8000-000000000002  data=v2 note="
            + "x".repeat(40) + "...",
        "  v1       -           -                 00000000-0000-4000-8000-000000000001  -");
  }

  /** Runs the command against a local server that answers every request with {@code body}; returns its stdout. */
  private String stdoutOf(String command, String[] args, String body) throws Exception {
    return stdoutOf(command, args, path -> new Answer(200, body));
  }

  /** A JSON answer of the local server. */
  private record Answer(int status, String body) {}

  /** Runs the command against a local server that answers each request by its path; returns its stdout. */
  private String stdoutOf(String command, String[] args, Function<String, Answer> answers) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requested = exchange.getRequestURI().toString();
      Answer answer = answers.apply(exchange.getRequestURI().getPath());
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
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

  @Test
  void statusOfAPipelineIdPrintsEachStageWithItsRunQuestionOrRegistration() throws Exception {
    String pipeline = """
        {"name": "promote", "status": "RUNNING", "stagesSucceeded": 2, "stagesTotal": 4, "stages": [
          {"name": "train", "kind": "pretrain", "status": "SUCCEEDED", "runId": "r-1", "gate": null},
          {"name": "review", "kind": "gate", "status": "WAITING", "gate": {"question": "Ship it?",
           "timeout": "PT48H", "onTimeout": "reject", "timeoutAt": "2026-11-28T10:00:00Z", "decisions": [
             {"attempt": 1, "decision": "reject", "by": "bo", "at": "2026-11-25T09:00:00Z", "comment": "no"}]}},
          {"name": "ok", "kind": "gate", "status": "APPROVED", "gate": {"question": "?", "decidedBy": "ana",
           "comment": "fine", "decisions": [
             {"attempt": 1, "decision": "reject", "by": "timeout", "at": "2026-11-25T09:00:00Z", "timedOut": true},
             {"attempt": 2, "decision": "approve", "by": "ana", "at": "2026-11-26T09:00:00Z", "comment": "fine"}]}},
          {"name": "promote", "kind": "register", "status": "SUCCEEDED",
           "registered": {"name": "arith", "version": 3, "alias": "champion"}}]}""";
    String out = stdoutOf("status", new String[] {UUID.randomUUID().toString()}, path ->
        path.startsWith("/api/v1/runs/") ? new Answer(404, "{\"detail\": \"No run with id x.\"}")
            : new Answer(200, pipeline));

    assertThat(out.lines().toList()).containsExactly(
        "promote (pipeline): RUNNING, 2/4 stages done",
        "  train            pretrain  SUCCEEDED run r-1",
        "  review           gate      WAITING   asks: Ship it?",
        "    deadline 2026-11-28T10:00:00Z: then it will reject itself",
        "    earlier: try 1 reject by bo: no at 2026-11-25T09:00:00Z",
        "  ok               gate      APPROVED  by ana: fine",
        "    earlier: try 1 reject by timeout at 2026-11-25T09:00:00Z",
        "  promote          register  SUCCEEDED registered arith v3 @champion");
  }

  @Test
  void approvePostsTheCommentToTheGateAndPrintsAConflictAsTheApiWroteIt() throws Exception {
    UUID pipeline = UUID.randomUUID();
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getRawPath() + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      boolean first = requests.size() == 1;
      byte[] body = (first ? "{}" : "{\"detail\":\"Gate 'review' was already approved by ana.\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(first ? 202 : 409, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "");
    try {
      assertThat(Cli.run(api, "approve", new String[] {pipeline.toString(), "review", "--comment", "loss fell"}))
          .isZero();
      assertThat(Cli.run(api, "reject", new String[] {pipeline.toString(), "review"})).isEqualTo(1);
      assertThat(Cli.run(api, "approve", new String[] {pipeline.toString()})).isEqualTo(2);
      assertThat(Cli.run(api, "approve", new String[] {"../tokens", "review"})).isEqualTo(2);
    } finally {
      server.stop(0);
    }

    assertThat(requests).containsExactly(
        "/api/v1/pipelines/" + pipeline + "/gates/review/approve {\"comment\":\"loss fell\"}",
        "/api/v1/pipelines/" + pipeline + "/gates/review/reject ");
    assertThat(stderr()).contains("HTTP 409: Gate 'review' was already approved by ana.\n",
        "usage: pedigree approve PIPELINE GATE [--comment TEXT]\n", "'../tokens' is not a pipeline id");
  }

  @Test
  void tagAndStageSendTheirWritesAndRefuseAMalformedCommandLine() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      boolean stage = exchange.getRequestURI().getPath().endsWith("/stage");
      byte[] body = (stage ? "{\"version\": 3, \"stage\": \"Production\"}" : "{}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(Cli.run(api, "tag", new String[] {"arith", "data set=v=2"})).isZero();
      assertThat(Cli.run(api, "tag", new String[] {"arith/3", "--delete", "note"})).isZero();
      assertThat(Cli.run(api, "stage", new String[] {"arith", "3", "production", "--archive-existing"})).isZero();
      assertThat(Cli.run(api, "tag", new String[] {"arith", "=v"})).isEqualTo(2);
      assertThat(Cli.run(api, "tag", new String[] {"arith/v3", "k=v"})).isEqualTo(2);
      assertThat(Cli.run(api, "stage", new String[] {"arith", "0", "Staging"})).isEqualTo(2);
    } finally {
      System.setOut(originalOut);
      server.stop(0);
    }

    assertThat(requests).containsExactly(
        "PUT /api/v1/models/arith/tags/data%20set {\"value\":\"v=2\"}",
        "DELETE /api/v1/models/arith/versions/3/tags/note ",
        "POST /api/v1/models/arith/versions/3/stage {\"stage\":\"production\",\"archiveExisting\":true}");
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("arith: data set=v=2",
        "arith/3: tag note deleted", "arith v3: Production");
    assertThat(stderr()).contains("usage: pedigree tag NAME[/VERSION] KEY=VALUE",
        "'arith/v3' is not a model name, nor NAME/VERSION", "usage: pedigree stage NAME VERSION STAGE");
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
