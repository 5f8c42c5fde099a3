package dev.pedigree.api.mlflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pedigree.api.common.problem.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the MLflow endpoints in MLflow's shape; before ApiExceptionHandler, which answers the rest. */
@RestControllerAdvice(assignableTypes = {MlflowController.class, MlflowRegistryController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(MlflowExceptionHandler.class);

  record MlflowError(@JsonProperty("error_code") String errorCode, String message) {}

  @ExceptionHandler(MlflowException.class)
  ResponseEntity<MlflowError> mlflow(MlflowException e) {
    return error(e.status(), e.errorCode(), e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<MlflowError> unreadable(HttpMessageNotReadableException e) {
    return error(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "A JSON request body is required.");
  }

  /**
   * Pedigree's own problems (a project token acting elsewhere, a bad metric point) and the framework's (a missing
   * query parameter), re-coded.
   */
  @ExceptionHandler({ErrorResponseException.class, ServletRequestBindingException.class})
  ResponseEntity<MlflowError> problem(Exception e) {
    ErrorResponse response = (ErrorResponse) e;
    HttpStatusCode status = response.getStatusCode();
    ProblemDetail body = response.getBody();
    String message = body.getDetail() != null ? body.getDetail() : body.getTitle();
    String code = switch (status.value()) {
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "RESOURCE_DOES_NOT_EXIST";
      case 409 -> "INVALID_STATE";
      case 503 -> "TEMPORARILY_UNAVAILABLE";
      default -> status.is4xxClientError() ? "INVALID_PARAMETER_VALUE" : "INTERNAL_ERROR";
    };
    return error(HttpStatus.valueOf(status.value()), code, message);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<MlflowError> unexpected(Exception e) {
    if (DatabaseOutage.causedBy(e)) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, "TEMPORARILY_UNAVAILABLE", DatabaseOutage.DETAIL);
    }
    log.error("unexpected error in the MLflow API", e);
    return error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
        "The server could not complete the request; it has been logged.");
  }

  private static ResponseEntity<MlflowError> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status).body(new MlflowError(code, message));
  }
}
