package dev.pedigree.api.common.problem;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A domain error answered as RFC 9457 problem+json; {@code errors[]} names each bad field. */
public class ApiProblem extends ErrorResponseException {

  public ApiProblem(HttpStatus status, URI type, String title, String detail, List<FieldError> errors) {
    super(status, problem(status, type, title, detail, errors), null);
  }

  public static ApiProblem notFound(String what, Object id) {
    return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, what + " not found",
        "No " + what.toLowerCase() + " with id " + id + ".", List.of());
  }

  public static ApiProblem invalid(String detail, List<FieldError> errors) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request", detail, errors);
  }

  public static ApiProblem invalidField(String field, String message) {
    return invalid(field + " " + message, List.of(new FieldError(field, message)));
  }

  private static ProblemDetail problem(
      HttpStatus status, URI type, String title, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    problem.setProperty("errors", errors);
    return problem;
  }
}
