package dev.pedigree.api.security;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.ProblemTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Admins issue tokens; the secret is in this one answer and stored only as a hash. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {
  private static final Set<String> FIELDS = Set.of("name", "role", "project");
  private static final Set<String> ROLES = Set.of("admin", "user", "worker");
  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final TokenService tokens;

  TokenController(TokenService tokens) {
    this.tokens = tokens;
  }

  record IssuedToken(String name, String role, String project, String token) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  IssuedToken create(@RequestBody JsonNode body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    if (caller.role() != Role.ADMIN) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Not allowed",
          "Only admin tokens may create tokens.", List.of());
    }
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object with name and role");
    }
    List<FieldError> errors = new ArrayList<>();
    JsonFields.rejectUnknown(body, FIELDS, errors);
    String name = JsonFields.name(body, errors);
    String role = JsonFields.text(body, "role", errors);
    if (role != null) {
      JsonFields.oneOf("$.role", role, ROLES, errors);
    }
    JsonNode projectNode = body.path("project");
    String project = projectNode.isString() ? projectNode.asString() : null;
    if (!projectNode.isString() && !projectNode.isMissingNode() && !projectNode.isNull()) {
      errors.add(new FieldError("$.project", "must be a string"));
    } else if (project != null && !PROJECT.matcher(project).matches()) {
      errors.add(new FieldError("$.project", "must be 1 to 100 letters, digits, '.', '_' or '-'"));
    } else if (project != null && !"user".equals(role)) {
      errors.add(new FieldError("$.project", "only user tokens are limited to a project"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors.get(0).field() + " " + errors.get(0).message(), errors);
    }
    String token = tokens.issue(name, Role.fromDb(role), project);
    return new IssuedToken(name, role, project, token);
  }
}
