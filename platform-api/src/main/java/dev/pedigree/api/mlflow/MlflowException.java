package dev.pedigree.api.mlflow;

import org.springframework.http.HttpStatus;

/**
 * An error answered in MLflow's shape, {@code {"error_code": …, "message": …}}, which MLflow clients parse (e.g.
 * {@code mlflow.set_experiment} creates the experiment on RESOURCE_DOES_NOT_EXIST). A deliberate exception to the RFC
 * 9457 problems of {@code /api/v1}.
 */
class MlflowException extends RuntimeException {
  private final HttpStatus status;
  private final String errorCode;

  MlflowException(HttpStatus status, String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  static MlflowException invalid(String message) {
    return new MlflowException(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", message);
  }

  static MlflowException notFound(String message) {
    return new MlflowException(HttpStatus.NOT_FOUND, "RESOURCE_DOES_NOT_EXIST", message);
  }

  static MlflowException alreadyExists(String message) {
    return new MlflowException(HttpStatus.BAD_REQUEST, "RESOURCE_ALREADY_EXISTS", message);
  }

  HttpStatus status() {
    return status;
  }

  String errorCode() {
    return errorCode;
  }
}
