package dev.pedigree.api;

import dev.pedigree.api.FuzzClient.Outcome;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fuzz tests accept as an answer: never a 5xx, no token in any answer; under {@code /api/v1} every 4xx a
 * problem with type, title and status, under the MLflow API (which answers MLflow's own error JSON) every 4xx or 501
 * an {@code error_code} of MLflow's and a message.
 */
final class FuzzAnswers {
  /** The codes of MLflow's ErrorCode that its REST servers answer with, which its clients map to exceptions. */
  private static final Set<String> MLFLOW_ERROR_CODES = Set.of("INTERNAL_ERROR", "TEMPORARILY_UNAVAILABLE",
      "IO_ERROR", "BAD_REQUEST", "ENDPOINT_NOT_FOUND", "MALFORMED_REQUEST", "INVALID_PARAMETER_VALUE",
      "INVALID_STATE", "INVALID_STATE_TRANSITION", "PERMISSION_DENIED", "UNAUTHENTICATED", "FEATURE_DISABLED",
      "REQUEST_LIMIT_EXCEEDED", "RESOURCE_CONFLICT", "RESOURCE_ALREADY_EXISTS", "RESOURCE_DOES_NOT_EXIST",
      "RESOURCE_EXHAUSTED", "RESOURCE_LIMIT_EXCEEDED", "QUOTA_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
      "NOT_IMPLEMENTED", "ABORTED", "CANCELLED", "DEADLINE_EXCEEDED", "DATA_LOSS");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FuzzAnswers() {}

  /** Why the answer to {@code request} is wrong, or null when it is right. */
  static String judge(HostileRequest request, Outcome outcome, List<String> secrets) {
    if (outcome.error() != null) {
      return "no answer: " + outcome.error();
    }
    int status = outcome.status();
    boolean mlflow = request.path().startsWith(MlflowRegistryCalls.MLFLOW);
    if (status >= 500 && !(mlflow && status == 501)) {
      return status + " " + outcome.body();
    }
    if (!request.maySucceed() && status < 400) {
      return "a write was accepted with " + status + ": " + outcome.body();
    }
    for (String secret : secrets) {
      if (outcome.body().contains(secret)) {
        return "the answer contains a token: " + outcome.body();
      }
    }
    if (mlflow) {
      return mlflowAnswer(request, outcome);
    }
    return status >= 400 ? problem(outcome) : null;
  }

  private static String problem(Outcome outcome) {
    int status = outcome.status();
    if (!outcome.contentType().startsWith("application/problem+json")) {
      return status + " as " + outcome.contentType() + " rather than problem+json: " + outcome.body();
    }
    JsonNode problem = json(outcome.body());
    if (problem == null) {
      return status + " with an unreadable problem: " + outcome.body();
    }
    if (problem.path("type").asString("").isBlank() || problem.path("title").asString("").isBlank()
        || problem.path("status").asInt() != status) {
      return status + " with a problem lacking type, title or status: " + outcome.body();
    }
    return null;
  }

  /** An OPTIONS request is answered by its Allow header, with no body, as by MLflow's own server. */
  private static String mlflowAnswer(HostileRequest request, Outcome outcome) {
    int status = outcome.status();
    if (request.method().equals("OPTIONS") && status == 200 && outcome.body().isEmpty()) {
      return null;
    }
    if (status < 200 || status >= 300 && status < 400) {
      return "an MLflow answer with " + status + ": " + outcome.body();
    }
    JsonNode body = outcome.contentType().startsWith("application/json") ? json(outcome.body()) : null;
    if (body == null || !body.isObject()) {
      return status + " as " + outcome.contentType() + " rather than a JSON object: " + outcome.body();
    }
    if (status >= 400 && (!MLFLOW_ERROR_CODES.contains(body.path("error_code").asString(""))
        || body.path("message").asString("").isBlank())) {
      return status + " without MLflow's error_code and message: " + outcome.body();
    }
    return null;
  }

  /** The parsed body, or null when it is no JSON. */
  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
