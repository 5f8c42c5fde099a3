package dev.pedigree.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.ProblemTypes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class MetricBatchParserTest {
  private static final long RECEIVED_AT = 1_700_000_000_000L;

  @Test
  void readsPointsWithAndWithoutWallTime() {
    MetricBatch batch = parse("""
        {"attempt": 2, "series": [
          {"key": "train/loss", "points": [[0, 2.5], [1, 2, 1690000000123]]},
          {"points": [[7, -1e-3]], "key": "lr"}
        ]}""");

    assertThat(batch.attempt()).isEqualTo(2);
    assertThat(batch.points()).isEqualTo(3);
    assertThat(batch.keys()).containsExactly("lr", "train/loss");
    MetricBatch.Points loss = batch.series().get(0).points();
    assertThat(loss.step(0)).isZero();
    assertThat(loss.value(0)).isEqualTo(2.5);
    assertThat(loss.wallMillis(0)).isEqualTo(RECEIVED_AT);
    assertThat(loss.value(1)).isEqualTo(2.0);
    assertThat(loss.wallMillis(1)).isEqualTo(1_690_000_000_123L);
    assertThat(batch.series().get(1).points().value(0)).isEqualTo(-0.001);
    assertThat(batch.maxStep("train/loss")).hasValue(1);
  }

  @Test
  void readsNaNAndInfinityBareOrAsStringsButNoOtherString() {
    MetricBatch batch = parse("""
        {"attempt": 1, "series": [{"key": "a", "points": [[0, NaN], [1, Infinity], [2, -Infinity], [3, 1e999],
          [4, "NaN"], [5, "Infinity"], [6, "-Infinity"]]}]}""");
    List<FieldError> errors = errors("""
        {"attempt": 1, "series": [{"key": "a", "points": [[0, "nan"], [1, "inf"], [2, "1.5"], [3, ""]]}]}""");

    MetricBatch.Points points = batch.series().get(0).points();
    assertThat(IntStream.range(0, 7).mapToDouble(points::value)).containsExactly(Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    assertThat(errors).extracting(FieldError::field).containsExactly("$.series[0].points[0][1]",
        "$.series[0].points[1][1]", "$.series[0].points[2][1]", "$.series[0].points[3][1]");
    assertThat(errors.get(0).message()).startsWith("must be a number");
  }

  @Test
  void rejectsBadStepsWallTimesAndShapes() {
    List<FieldError> errors = errors("""
        {"attempt": 1, "series": [{"key": "a", "points": [
          [-1, 1], [1.5, 1], ["2", 1], [9007199254740992, 1], [3, "1"], [4, 1, -5], [5], [6, 1, 2, 3], 7, [8, {"v": 1}]
        ]}]}""");

    assertThat(errors).extracting(FieldError::field).containsExactly(
        "$.series[0].points[0][0]", "$.series[0].points[1][0]", "$.series[0].points[2][0]",
        "$.series[0].points[3][0]", "$.series[0].points[4][1]", "$.series[0].points[5][2]",
        "$.series[0].points[6]", "$.series[0].points[7]", "$.series[0].points[8]", "$.series[0].points[9][1]");
  }

  /** Both keys would reach Postgres as "s?": one key, the second batch's points counted as duplicates (was a 500). */
  @Test
  void rejectsKeysWithUnpairedSurrogatesButKeepsPairedOnes() {
    List<FieldError> errors = errors("""
        {"attempt": 1, "series": [{"key": "s\\ud800", "points": [[1, 1]]}, {"key": "s\\udc00", "points": [[1, 2]]},
          {"key": "\\udc00\\ud83d", "points": [[1, 3]]}]}""");

    assertThat(errors).extracting(FieldError::field)
        .containsExactly("$.series[0].key", "$.series[1].key", "$.series[2].key");
    assertThat(errors.get(0).message()).contains("well-formed text");
    assertThat(parse("""
        {"attempt": 1, "series": [{"key": "eval/\\ud83d\\ude00", "points": [[1, 1]]}]}""").keys())
        .containsExactly("eval/\uD83D\uDE00");
  }

  @Test
  void rejectsBadKeysAttemptsAndUnknownFields() {
    List<FieldError> errors = errors("""
        {"attempt": 0, "extra": {"x": [1]}, "series": [
          {"key": "", "points": []}, {"key": "%s", "points": []}, {"key": 5, "points": []}, {"points": []},
          {"key": "ok", "points": [], "unit": "s"}, {"key": "ok"}, {"key": "ok", "points": {}}, []
        ]}""".formatted("k".repeat(201)));

    assertThat(errors).extracting(FieldError::field).containsExactly("$.attempt", "$.extra", "$.series[0].key",
        "$.series[1].key", "$.series[2].key", "$.series[3].key", "$.series[4].unit", "$.series[5].points",
        "$.series[6].points", "$.series[7]");
  }

  @Test
  void requiresAttemptAndSeries() {
    assertThat(errors("{}")).extracting(FieldError::field).containsExactly("$.attempt", "$.series");
    assertThat(errors("[1]")).extracting(FieldError::field).containsExactly("$");
    assertThat(errors("{\"attempt\": \"1\", \"series\": 3}")).extracting(FieldError::field)
        .containsExactly("$.attempt", "$.series");
  }

  @Test
  void capsPointsPerRequest() {
    StringBuilder body = new StringBuilder("{\"attempt\": 1, \"series\": [{\"key\": \"a\", \"points\": [[0, 0]]},");
    body.append("{\"key\": \"b\", \"points\": [");
    for (int step = 0; step < MetricBatchParser.MAX_POINTS; step++) {
      body.append(step == 0 ? "" : ",").append('[').append(step).append(",1.5]");
    }
    body.append("]}]}");

    assertThat(errors(body.toString())).extracting(FieldError::field).containsExactly("$.series[1].points");
  }

  @Test
  void malformedJsonIsABadRequestNamingWhereItBroke() {
    ApiProblem problem = problem("{\"attempt\": 1, \"series\": [{\"key\": \"a\", \"points\": [[0, 1] [1, 2]]}]}");

    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problem.getBody().getType()).isEqualTo(ProblemTypes.MALFORMED_BODY);
    assertThat(fieldErrors(problem)).extracting(FieldError::field).containsExactly("$.series[0].points[1]");
    assertThat(problem("").getBody().getType()).isEqualTo(ProblemTypes.VALIDATION);
  }

  @Test
  void duplicateKeysAreRefusedNotSilentlyResolved() {
    ApiProblem problem = problem("{\"attempt\": 1, \"attempt\": 2, \"series\": []}");

    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problem.getBody().getType()).isEqualTo(ProblemTypes.MALFORMED_BODY);
  }

  private static MetricBatch parse(String json) {
    return MetricBatchParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), RECEIVED_AT);
  }

  private static ApiProblem problem(String json) {
    return catchThrowableOfType(ApiProblem.class, () -> parse(json));
  }

  private static List<FieldError> errors(String json) {
    ApiProblem problem = problem(json);
    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problem.getBody().getType()).isEqualTo(ProblemTypes.VALIDATION);
    return fieldErrors(problem);
  }

  @SuppressWarnings("unchecked")
  static List<FieldError> fieldErrors(ApiProblem problem) {
    return (List<FieldError>) problem.getBody().getProperties().get("errors");
  }
}
