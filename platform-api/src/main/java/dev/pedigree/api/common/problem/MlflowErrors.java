package dev.pedigree.api.common.problem;

import java.util.Map;

/**
 * The MLflow API's error shape, {@code {"error_code": …, "message": …}}, which MLflow clients parse (e.g.
 * {@code mlflow.set_experiment} creates the experiment on RESOURCE_DOES_NOT_EXIST). A deliberate exception to the
 * RFC 9457 problems of {@code /api/v1}, for every answer under {@link #PATH}, whoever refuses the request.
 */
public final class MlflowErrors {
  /** The MLflow API's paths (tracking and model registry). */
  public static final String PATH = "/api/2.0/mlflow/";

  private MlflowErrors() {}

  public static boolean isMlflowPath(String path) {
    return path != null && path.startsWith(PATH);
  }

  /** MLflow's error code for an HTTP status, as its REST server maps the one to the other. */
  public static String code(int status) {
    return switch (status) {
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "RESOURCE_DOES_NOT_EXIST";
      case 409 -> "INVALID_STATE";
      case 501 -> "NOT_IMPLEMENTED";
      case 503 -> "TEMPORARILY_UNAVAILABLE";
      default -> status >= 400 && status < 500 ? "INVALID_PARAMETER_VALUE" : "INTERNAL_ERROR";
    };
  }

  public static Map<String, String> body(String errorCode, String message) {
    return Map.of("error_code", errorCode, "message", message);
  }
}
