package dev.pedigree.api.security;

import dev.pedigree.api.common.RequestPaths;
import dev.pedigree.api.common.problem.DatabaseOutage;
import dev.pedigree.api.common.problem.FilterProblems;
import dev.pedigree.api.common.problem.MlflowErrors;
import dev.pedigree.api.common.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every write under {@code /api/} needs a bearer token: worker endpoints (metrics, attempts, artifacts of a run) take
 * worker or admin tokens; token endpoints take admin tokens only; everything else takes user or admin tokens, so a
 * worker token cannot submit runs. The authenticated {@link Caller} is left in the request for project checks. Tokens
 * live in the database: while it is unreachable, writes are answered 503. Under the MLflow API these answers take
 * MLflow's error shape, which its clients read.
 */
@Component
class TokenFilter extends OncePerRequestFilter {
  private static final Pattern WORKER_PATH = Pattern.compile("^/api/v1/runs/[^/]+/(metrics|attempts|artifacts|samples)$");
  private static final Pattern ADMIN_PATH = Pattern.compile("^/api/v1/tokens(/.*)?$");
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final TokenService tokens;
  private final FilterProblems problems;

  TokenFilter(TokenService tokens, FilterProblems problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !RequestPaths.of(request).startsWith("/api/") || READS.contains(request.getMethod());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Caller> caller;
    try {
      caller = bearer(request).flatMap(tokens::authenticate);
    } catch (RuntimeException e) {
      if (!DatabaseOutage.causedBy(e)) {
        throw e;
      }
      reject(request, response, HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.TITLE, DatabaseOutage.DETAIL);
      return;
    }
    if (caller.isEmpty()) {
      reject(request, response, HttpStatus.UNAUTHORIZED, "Authentication required",
          "Send a valid token as 'Authorization: Bearer <token>'"
              + (MlflowErrors.isMlflowPath(RequestPaths.of(request)) ? " (MLFLOW_TRACKING_TOKEN)." : "."));
      return;
    }
    Role role = caller.get().role();
    if (!allowed(role, RequestPaths.of(request))) {
      reject(request, response, HttpStatus.FORBIDDEN, "Not allowed",
          "A " + role.dbName() + " token may not " + request.getMethod() + " " + request.getRequestURI() + ".");
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, caller.get());
    chain.doFilter(request, response);
  }

  private static boolean allowed(Role role, String path) {
    if (role == Role.ADMIN) {
      return true;
    }
    if (ADMIN_PATH.matcher(path).matches()) {
      return false;
    }
    return WORKER_PATH.matcher(path).matches() ? role == Role.WORKER : role == Role.USER;
  }

  private static Optional<String> bearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).trim();
    return token.isEmpty() || token.length() > 200 ? Optional.empty() : Optional.of(token);
  }

  private void reject(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
      String detail) throws IOException {
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    problems.write(RequestPaths.of(request), response, status, ProblemTypes.forStatus(status.value()), title,
        detail);
  }
}
