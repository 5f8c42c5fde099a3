package dev.pedigree.api.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request body as MLflow clients send it: protobuf JSON with snake_case names. Unknown fields are ignored, as an
 * MLflow server does (clients send deprecated twins such as {@code run_uuid}); int64 fields come as numbers from the
 * Python client and as strings from the Java one, and both are read.
 */
record MlflowRequest(JsonNode body, String at) {

  // Python's json module writes NaN and Infinity as bare words: read, they are refused by name with the metric.
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  static MlflowRequest parse(String body) {
    try {
      return of(JSON.readTree(body));
    } catch (JacksonException e) {
      throw new MlflowException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
          "The request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  static MlflowRequest of(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new MlflowException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The request body must be a JSON object.");
    }
    return new MlflowRequest(body, "");
  }

  /**
   * A GET request's query as the body a POST would carry: each parameter a string, the {@code repeated} ones arrays
   * of every value given.
   */
  static MlflowRequest ofQuery(Map<String, List<String>> query, Set<String> repeated) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    query.forEach((name, values) -> {
      if (repeated.contains(name)) {
        values.forEach(body.withArray(name)::add);
      } else {
        body.put(name, values.get(0));
      }
    });
    return of(body);
  }

  /**
   * A single-item request (log-metric, log-parameter, set-tag) as the log-batch request it stands for: its run and
   * the body as the one element of {@code field}.
   */
  MlflowRequest asBatchOf(String field) {
    ObjectNode batch = JsonNodeFactory.instance.objectNode();
    batch.put("run_id", runId());
    batch.putArray(field).add(body);
    return new MlflowRequest(batch, at);
  }

  String requiredString(String field) {
    String value = string(field);
    if (value == null || value.isEmpty()) {
      throw missing(field);
    }
    return value;
  }

  /** Null when absent. */
  String string(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw invalidValue(field, value);
    }
    return value.asString();
  }

  /** The run's id: {@code run_id}, or the deprecated {@code run_uuid} that older clients send alone. */
  String runId() {
    String runId = string("run_id");
    if (runId == null || runId.isEmpty()) {
      runId = string("run_uuid");
    }
    if (runId == null || runId.isEmpty()) {
      throw missing("run_id");
    }
    return runId;
  }

  /** A bool field, false when absent. */
  boolean bool(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw invalidValue(field, value);
    }
    return value.asBoolean();
  }

  long requiredInt64(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw missing(field);
    }
    return int64(field, 0);
  }

  /** An int64 field, or {@code absent}. */
  long int64(String field, long absent) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    return fromString(field, value, Long::parseLong);
  }

  double requiredDouble(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw missing(field);
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    return fromString(field, value, Double::parseDouble);
  }

  /** Protobuf JSON writes int64 values, NaN and the infinities as strings. */
  private <T> T fromString(String field, JsonNode value, Function<String, T> parse) {
    if (value.isString()) {
      try {
        return parse.apply(value.asString());
      } catch (NumberFormatException e) {
        // answered below
      }
    }
    throw invalidValue(field, value);
  }

  /** The objects of an array field, each as a request at its index; empty when absent. */
  List<MlflowRequest> objects(String field) {
    return elements(field, JsonNode::isObject, (element, at) -> new MlflowRequest(element, at + "."));
  }

  /** The strings of an array field; empty when absent. */
  List<String> strings(String field) {
    return elements(field, JsonNode::isString, (element, at) -> element.asString());
  }

  /** A list of {key, value} objects as a map in order; a key given twice is an error. */
  Map<String, String> keyValues(String field) {
    Map<String, String> values = new LinkedHashMap<>();
    for (MlflowRequest entry : objects(field)) {
      String key = entry.requiredString("key");
      String value = entry.string("value");
      if (values.put(key, value == null ? "" : value) != null) {
        throw MlflowException.invalid("Duplicate key '" + key + "' in '" + path(field) + "'.");
      }
    }
    return values;
  }

  /** Each element of an array field, read with its JSON path, after checking it is {@code valid}. */
  private <T> List<T> elements(String field, Predicate<JsonNode> valid, BiFunction<JsonNode, String, T> read) {
    List<T> elements = new ArrayList<>();
    JsonNode array = array(field);
    for (int i = 0; i < array.size(); i++) {
      String element = field + "[" + i + "]";
      if (!valid.test(array.get(i))) {
        throw invalidValue(element, array.get(i));
      }
      elements.add(read.apply(array.get(i), path(element)));
    }
    return elements;
  }

  private JsonNode array(String field) {
    JsonNode array = body.get(field);
    if (array == null || array.isNull()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!array.isArray()) {
      throw invalidValue(field, array);
    }
    return array;
  }

  private MlflowException missing(String field) {
    return MlflowException.invalid("Missing value for required parameter '" + path(field) + "'.");
  }

  private MlflowException invalidValue(String field, JsonNode value) {
    return MlflowException.invalid("Invalid value " + value + " for parameter '" + path(field) + "' supplied.");
  }

  private String path(String field) {
    return at + field;
  }
}
