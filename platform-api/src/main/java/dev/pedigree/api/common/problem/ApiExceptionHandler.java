package dev.pedigree.api.common.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
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
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error is RFC 9457 problem+json with a stable {@code type} and {@code errors[]}. Framework errors keep their
 * status but get our types; a database outage is a 503 to retry; anything unexpected is a logged 500 that reveals
 * nothing internal.
 */
@RestControllerAdvice
// Before Spring Boot's ProblemDetailsExceptionHandler, which gives no stable types; after MlflowExceptionHandler.
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = "$";
    String detail = "The request body is not valid JSON.";
    String message = "is malformed or of the wrong type";
    if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
      field = JsonPaths.of("$", unknown);
      message = "is not a known field";
      detail = field + " " + message + ".";
    } else if (e.getCause() instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      field = JsonPaths.of("$", mismatch);
      message = "must be " + StrictJson.describe(mismatch.getTargetType());
      detail = field + " " + message + ".";
    } else if (e.getCause() instanceof JacksonException jackson) {
      field = JsonPaths.of("$", jackson);
      detail = "The request body could not be read at " + field + ": "
          + withoutSettingAdvice(jackson.getOriginalMessage());
    } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
      detail = "A JSON request body is required.";
    }
    return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY, "Malformed request body", detail,
        List.of(new FieldError(field, message)));
  }

  /** Jackson suggests a parser setting ("enable `JsonReadFeature.…` to allow"): advice for us, not for a client. */
  private static String withoutSettingAdvice(String message) {
    return message.replaceAll(": enable `[^`]+` to allow", "");
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

  /** Tomcat parses query strings lazily: undecodable bytes ({@code ?q=%FF}) or too many parameters surface here. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> invalidParameters(InvalidParameterException e) {
    HttpStatus status = e.getErrorCode() == 413 ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
    return problem(status, ProblemTypes.forStatus(status.value()), "Invalid request",
        "The query string could not be read: it has undecodable characters or too many parameters.", List.of());
  }

  /**
   * Spring fails on some Content-Types with an IllegalArgumentException: a wildcard ({@code application/} and an
   * asterisk) or a charset name Java rejects. Those requests are a 415 like any other unreadable Content-Type.
   */
  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Object> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
    if (request.getContentType() != null && !usableContentType(request.getContentType())) {
      return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
          "Content-Type must name one media type, such as application/json, with a known charset.", List.of());
    }
    return unexpected(e);
  }

  private static boolean usableContentType(String contentType) {
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      type.getCharset();
      return !type.isWildcardType() && !type.isWildcardSubtype();
    } catch (IllegalArgumentException unusable) {
      return false;
    }
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    if (DatabaseOutage.causedBy(e)) {
      log.warn("database unavailable: {}", e.getMessage());
      return problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, DatabaseOutage.TITLE,
          DatabaseOutage.DETAIL, List.of());
    }
    log.error("unexpected error", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
        "The server could not complete the request; it has been logged.", List.of());
  }

  /** Gives the framework's own problems (404, 405, 415, …) our stable types and an empty errors list. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body == null && e instanceof ErrorResponse response) {
      body = response.updateAndGetBody(getMessageSource(), request.getLocale());
    }
    if (body instanceof ProblemDetail problem && e instanceof ErrorResponse && !(e instanceof ApiProblem)) {
      problem.setType(ProblemTypes.forStatus(status.value()));
      if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
        problem.setProperty("errors", List.of());
      }
    }
    if (status.is4xxClientError()) {
      log.debug("{} answered {}", e.getClass().getSimpleName(), status.value());
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  private static ResponseEntity<Object> problem(
      HttpStatus status, java.net.URI type, String title, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    problem.setProperty("errors", errors);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
