package dev.pedigree.api.common.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Problem+json answers (MLflow's error JSON under its API) from servlet filters and the container's error page, which
 * run outside Spring MVC's exception handling.
 */
@Component
public class FilterProblems {
  private final JsonMapper json;

  FilterProblems(JsonMapper json) {
    this.json = json;
  }

  /** @param path the path refused: under the MLflow API, the answer is MLflow's error JSON instead of a problem */
  public void write(String path, HttpServletResponse response, HttpStatus status, URI type, String title,
      String detail) throws IOException {
    if (MlflowErrors.isMlflowPath(path)) {
      response.setStatus(status.value());
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      json.writeValue(response.getOutputStream(), MlflowErrors.body(MlflowErrors.code(status.value()), detail));
      return;
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    problem.setProperty("errors", List.of());
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
