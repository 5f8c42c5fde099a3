package dev.pedigree.api.metric;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonPaths;
import dev.pedigree.api.common.problem.ProblemTypes;
import dev.pedigree.api.common.problem.StorableText;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Reads an ingest body token by token: {@code {"attempt": 2, "series": [{"key": "train/loss", "points": [[step,
 * value], [step, value, epochMillis], …]}, …]}}. Streaming keeps 100,000 points cheap and lets every error name its JSON path
 * ({@code $.series[0].points[3][1]}). Types are never coerced. A diverged loss is a real value: NaN and ±Infinity are
 * taken as Python's json module writes them (bare {@code NaN}, {@code Infinity}) and as Jackson does by default (the
 * strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), and stored as such.
 */
final class MetricBatchParser {
  static final int MAX_POINTS = 100_000;
  static final int MAX_SERIES = 1_000;
  private static final int MAX_ERRORS = 50;
  private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");
  private static final String POINT_SHAPE = "must be [step, value] or [step, value, epochMillis]";
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final JsonParser json;
  private final long receivedAtMillis;
  private final List<FieldError> errors = new ArrayList<>();
  private int points;

  private MetricBatchParser(JsonParser json, long receivedAtMillis) {
    this.json = json;
    this.receivedAtMillis = receivedAtMillis;
  }

  /** Points without a wall time get {@code receivedAtMillis}. */
  static MetricBatch parse(InputStream body, long receivedAtMillis) {
    try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
      MetricBatchParser parser = new MetricBatchParser(json, receivedAtMillis);
      try {
        return parser.batch();
      } catch (JacksonException e) {
        throw parser.malformed(e);
      }
    } catch (JacksonException e) {
      throw malformed("$", e.getOriginalMessage());
    }
  }

  private MetricBatch batch() {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw invalid("$", "must be a JSON object with attempt and series");
    }
    int attempt = 0;
    List<MetricBatch.Series> series = null;
    while (json.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = json.currentName();
      JsonToken token = json.nextToken();
      switch (name) {
        case "attempt" -> {
          if (integer(token, 1, Integer.MAX_VALUE, "must be an integer from 1 to " + Integer.MAX_VALUE)) {
            attempt = json.getIntValue();
          }
        }
        case "series" -> series = series(token);
        default -> reject(token, "is not a known field (expected attempt and series)");
      }
    }
    if (json.nextToken() != null) {
      throw invalid("$", "must be a single JSON object");
    }
    if (attempt == 0 && errors.stream().noneMatch(error -> error.field().equals("$.attempt"))) {
      errors.add(new FieldError("$.attempt", "is required"));
    }
    if (series == null && errors.stream().noneMatch(error -> error.field().equals("$.series"))) {
      errors.add(new FieldError("$.series", "is required"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(summary(), errors);
    }
    return new MetricBatch(attempt, series);
  }

  private List<MetricBatch.Series> series(JsonToken token) {
    if (token != JsonToken.START_ARRAY) {
      reject(token, "must be an array of {key, points}");
      return null;
    }
    List<MetricBatch.Series> series = new ArrayList<>();
    for (JsonToken element = json.nextToken(); element != JsonToken.END_ARRAY; element = json.nextToken()) {
      if (series.size() == MAX_SERIES) {
        throw invalid("$.series", "must hold at most " + MAX_SERIES + " series per request");
      }
      if (element != JsonToken.START_OBJECT) {
        reject(element, "must be an object with key and points");
        continue;
      }
      MetricBatch.Series one = oneSeries();
      if (one != null) {
        series.add(one);
      }
    }
    return series;
  }

  /** The current token opened the series object; returns null when it had errors (already recorded). */
  private MetricBatch.Series oneSeries() {
    String path = JsonPaths.of(json.streamReadContext().getParent());
    String key = null;
    MetricBatch.Points points = null;
    boolean valid = true;
    while (json.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = json.currentName();
      JsonToken token = json.nextToken();
      switch (name) {
        case "key" -> {
          key = key(token);
          valid &= key != null;
        }
        case "points" -> {
          points = points(token);
          valid &= points != null;
        }
        default -> {
          reject(token, "is not a known field (expected key and points)");
          valid = false;
        }
      }
    }
    if (key == null && valid) {
      error(path + ".key", "is required");
      valid = false;
    }
    if (points == null && valid) {
      error(path + ".points", "is required");
      valid = false;
    }
    return valid ? new MetricBatch.Series(key, points) : null;
  }

  private String key(JsonToken token) {
    if (token != JsonToken.VALUE_STRING) {
      reject(token, "must be a string");
      return null;
    }
    String key = json.getString();
    if (!MetricRules.validKey(key)) {
      reject(token, MetricRules.KEY_RULE);
      return null;
    }
    return key;
  }

  private MetricBatch.Points points(JsonToken token) {
    if (token != JsonToken.START_ARRAY) {
      reject(token, "must be an array of points, each " + POINT_SHAPE);
      return null;
    }
    String path = JsonPaths.of(json.streamReadContext().getParent());
    MetricBatch.Points points = new MetricBatch.Points();
    boolean valid = true;
    for (JsonToken element = json.nextToken(); element != JsonToken.END_ARRAY; element = json.nextToken()) {
      if (++this.points > MAX_POINTS) {
        throw invalid(path, "takes the request beyond " + MAX_POINTS + " points; send smaller batches");
      }
      if (element != JsonToken.START_ARRAY) {
        reject(element, POINT_SHAPE);
        valid = false;
        continue;
      }
      valid &= point(points);
    }
    return valid ? points : null;
  }

  /** The current token opened the point array. */
  private boolean point(MetricBatch.Points points) {
    long step = 0;
    double value = 0;
    long millis = receivedAtMillis;
    boolean valid = true;
    int elements = 0;
    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
      switch (elements++) {
        case 0 -> {
          if (integer(token, 0, MetricRules.MAX_STEP, "must be an integer step from 0 to " + MetricRules.MAX_STEP)) {
            step = json.getLongValue();
          } else {
            valid = false;
          }
        }
        case 1 -> {
          Double read = value(token);
          if (read != null) {
            value = read;
          } else {
            valid = false;
          }
        }
        case 2 -> {
          if (integer(token, 0, MetricRules.MAX_WALL_MILLIS, "must be a wall time in epoch milliseconds")) {
            millis = json.getLongValue();
          } else {
            valid = false;
          }
        }
        default -> skip(token);
      }
    }
    if (elements < 2 || elements > 3) {
      error(JsonPaths.of(json.streamReadContext()), POINT_SHAPE);
      return false;
    }
    if (valid) {
      points.add(step, value, millis);
    }
    return valid;
  }

  private boolean integer(JsonToken token, long min, long max, String rule) {
    if (token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long value = json.getLongValue();
      if (value >= min && value <= max) {
        return true;
      }
    }
    reject(token, rule);
    return false;
  }

  /** The point's value, or null (with an error recorded) when it is not a number. */
  private Double value(JsonToken token) {
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return json.getDoubleValue();
    }
    if (token == JsonToken.VALUE_STRING && NON_FINITE.contains(json.getString())) {
      return Double.parseDouble(json.getString());
    }
    reject(token, "must be a number (or NaN, Infinity, -Infinity, bare or as a string)");
    return null;
  }

  /** Records an error for the value the current token starts, and steps over that value. */
  private void reject(JsonToken token, String message) {
    boolean container = token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT;
    TokenStreamContext context = json.streamReadContext();
    error(JsonPaths.of(container ? context.getParent() : context), message);
    skip(token);
  }

  private void skip(JsonToken token) {
    if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
      json.skipChildren();
    }
  }

  private void error(String field, String message) {
    errors.add(new FieldError(field, message));
    if (errors.size() == MAX_ERRORS) {
      throw ApiProblem.invalid(summary() + " (stopped reading after " + MAX_ERRORS + " errors)", errors);
    }
  }

  private ApiProblem invalid(String field, String message) {
    errors.add(new FieldError(field, message));
    return ApiProblem.invalid(summary(), errors);
  }

  private ApiProblem malformed(JacksonException e) {
    return malformed(JsonPaths.of(json.streamReadContext()), e.getOriginalMessage());
  }

  private static ApiProblem malformed(String field, String reason) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY, "Malformed request body",
        "The request body is not valid JSON at " + field + ": " + reason,
        List.of(new FieldError(field, "is not valid JSON")));
  }

  private String summary() {
    FieldError first = errors.get(0);
    String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
    return first.field() + " " + first.message() + more;
  }
}
