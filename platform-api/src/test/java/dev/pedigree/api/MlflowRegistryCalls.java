package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** MLflow Model Registry calls sent as MLflow's Python client sends them, and checks of their answers. */
public final class MlflowRegistryCalls {
  static final String MLFLOW = "/api/2.0/mlflow/";

  private final Http http;

  public MlflowRegistryCalls(Http http) {
    this.http = http;
  }

  /** An admin write that must succeed; its answer. */
  public JsonNode write(String method, String path, Map<String, ?> body) {
    Http.Response response = send(method, path, body, Http.ADMIN);
    assertThat(response.status()).as(method + " " + path + ": " + response.json()).isEqualTo(200);
    return response.json();
  }

  Http.Response send(String method, String path, Map<String, ?> body, String token) {
    return http.send(method, MLFLOW + path, body == null ? null : Http.json(body), token);
  }

  static void assertError(Http.Response response, int status, String errorCode, String inMessage) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.json().path("error_code").asString()).isEqualTo(errorCode);
    assertThat(response.json().path("message").asString()).contains(inMessage);
  }

  /** The names of a page of registered models, in order. */
  static List<String> names(JsonNode page) {
    return page.path("registered_models").valueStream().map(model -> model.path("name").asString()).toList();
  }

  /** A run id as MLflow writes it. */
  static String hex(UUID id) {
    return id.toString().replace("-", "");
  }
}
