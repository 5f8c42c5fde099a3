package dev.pedigree.api.common.problem;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error is RFC 9457 problem+json with a stable {@code type} and {@code errors[]}. Framework errors keep their
 * status but get our types; anything unexpected is a logged 500 that reveals nothing internal.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = "$";
    String detail = "The request body is not valid JSON.";
    if (e.getCause() instanceof JacksonException jackson) {
      field = JsonPaths.of("$", jackson);
      detail = "The request body could not be read at " + field + ": " + jackson.getOriginalMessage();
    } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
      detail = "A JSON request body is required.";
    }
    return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY, "Malformed request body", detail,
        List.of(new FieldError(field, "is malformed or of the wrong type")));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
    if (e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
      return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
          "No resource with id " + e.getValue() + ".", List.of());
    }
    return problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
        e.getName() + " has an invalid value", List.of(new FieldError(e.getName(), "has an invalid value")));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    log.error("unexpected error", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
        "The server could not complete the request; it has been logged.", List.of());
  }

  /** Gives the framework's own problems (404, 405, 415, …) our stable types and an empty errors list. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem && e instanceof ErrorResponse && !(e instanceof ApiProblem)) {
      problem.setType(typeFor(status));
      if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
        problem.setProperty("errors", List.of());
      }
    }
    if (status.is4xxClientError()) {
      log.debug("{} answered {}", e.getClass().getSimpleName(), status.value());
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  private static java.net.URI typeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 404 -> ProblemTypes.NOT_FOUND;
      case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
      case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
      case 415, 406 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
      case 503 -> ProblemTypes.UNAVAILABLE;
      default -> status.is5xxServerError() ? ProblemTypes.INTERNAL : ProblemTypes.VALIDATION;
    };
  }

  private static ResponseEntity<Object> problem(
      HttpStatus status, java.net.URI type, String title, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    problem.setProperty("errors", errors);
    return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
