package dev.pedigree.api.common.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the servlet container raises itself (a refused TRACE, an exception in a filter) are forwarded to
 * {@code /error}; they are answered as problem+json (MLflow's error JSON under its API) like every other error, in
 * place of Spring Boot's own JSON. The answer is written directly: the request that failed may be one Spring's message
 * converters cannot handle.
 */
@RestController
class ProblemErrorController implements ErrorController {
  private final FilterProblems problems;

  ProblemErrorController(FilterProblems problems) {
    this.problems = problems;
  }

  @RequestMapping("/error")
  void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
        ? HttpStatus.resolve(code) : null;
    if (status == null || !status.isError()) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    problems.write(path, response, status, ProblemTypes.forStatus(status.value()), status.getReasonPhrase(),
        status.is5xxServerError() ? "The server could not complete the request." : "The request was refused.");
  }
}
