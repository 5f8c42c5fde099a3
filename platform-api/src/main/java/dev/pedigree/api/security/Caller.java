package dev.pedigree.api.security;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.ProblemTypes;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Who sent an authenticated write: the token's name, role and, for a project-scoped user token, its project (else
 * null). {@link TokenFilter} stores it as the request attribute {@link #ATTRIBUTE}.
 */
public record Caller(String name, Role role, String project) {
  public static final String ATTRIBUTE = "dev.pedigree.api.security.Caller";

  /** Admin, worker and unscoped user tokens may act in every project. */
  public boolean mayActIn(String project) {
    return this.project == null || this.project.equals(project);
  }

  /** @throws ApiProblem 403 unless this caller may act in {@code project} */
  public void requireMayActIn(String project) {
    if (!mayActIn(project)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Not allowed",
          "Token '" + name + "' may only act in project '" + this.project + "'.", List.of());
    }
  }
}
