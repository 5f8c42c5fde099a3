package dev.pedigree.api.security;

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
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every write under {@code /api/} needs a bearer token: worker endpoints (metrics, attempts, artifacts of a run) take
 * worker or admin tokens; everything else takes user or admin tokens, so a worker token cannot submit runs.
 */
@Component
class TokenFilter extends OncePerRequestFilter {
  private static final Pattern WORKER_PATH = Pattern.compile("^/api/v1/runs/[^/]+/(metrics|attempts|artifacts)$");
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final TokenService tokens;
  private final JsonMapper json;

  TokenFilter(TokenService tokens, JsonMapper json) {
    this.tokens = tokens;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/") || READS.contains(request.getMethod());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Role> role = bearer(request).flatMap(tokens::roleOf);
    if (role.isEmpty()) {
      reject(response, HttpStatus.UNAUTHORIZED, "Authentication required",
          "Send a valid token as 'Authorization: Bearer <token>'.");
      return;
    }
    boolean workerPath = WORKER_PATH.matcher(request.getRequestURI()).matches();
    boolean allowed = role.get() == Role.ADMIN || (workerPath ? role.get() == Role.WORKER : role.get() == Role.USER);
    if (!allowed) {
      reject(response, HttpStatus.FORBIDDEN, "Not allowed",
          "A " + role.get().dbName() + " token may not " + request.getMethod() + " " + request.getRequestURI() + ".");
      return;
    }
    chain.doFilter(request, response);
  }

  private static Optional<String> bearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).trim();
    return token.isEmpty() || token.length() > 200 ? Optional.empty() : Optional.of(token);
  }

  private void reject(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(status == HttpStatus.UNAUTHORIZED ? ProblemTypes.UNAUTHORIZED : ProblemTypes.FORBIDDEN);
    problem.setTitle(title);
    problem.setProperty("errors", java.util.List.of());
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    json.writeValue(response.getOutputStream(), problem);
  }
}
