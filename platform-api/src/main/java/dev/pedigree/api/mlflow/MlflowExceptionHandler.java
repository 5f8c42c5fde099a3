package dev.pedigree.api.mlflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The MLflow endpoints' own errors, before ApiExceptionHandler, which answers the rest (a project token acting
 * elsewhere, a missing query parameter, an unexpected failure) with problems that {@link MlflowProblems} re-codes.
 */
@RestControllerAdvice(assignableTypes = {MlflowController.class, MlflowRegistryController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowExceptionHandler {

  record MlflowError(@JsonProperty("error_code") String errorCode, String message) {}

  @ExceptionHandler(MlflowException.class)
  ResponseEntity<MlflowError> mlflow(MlflowException e) {
    return error(e.status(), e.errorCode(), e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<MlflowError> unreadable(HttpMessageNotReadableException e) {
    return error(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "A JSON request body is required.");
  }

  /** JSON whatever the request's Accept header says, as an MLflow server answers. */
  private static ResponseEntity<MlflowError> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new MlflowError(code, message));
  }
}
