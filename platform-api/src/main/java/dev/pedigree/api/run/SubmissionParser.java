package dev.pedigree.api.run;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.JsonPaths;
import dev.pedigree.api.common.problem.StrictJson;
import dev.pedigree.workflows.spec.RunKinds;
import dev.pedigree.workflows.spec.RunSpec;
import dev.pedigree.workflows.spec.SpecError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a submit body field by field. Unknown fields are errors, never ignored; types are not coerced ({@code "2"}
 * is not a number); every problem names its field by JSON path.
 */
@Component
public class SubmissionParser {
  private static final Set<String> FIELDS = Set.of("name", "project", "kind", "spec");
  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  public static final String PROJECT_RULE = "must be 1 to 100 letters, digits, '.', '_' or '-'";
  private static final JsonMapper STRICT = StrictJson.configure(JsonMapper.builder()).build();

  /** {@code defaultProject}: where the run goes when the body names no project. */
  RunSubmission parse(JsonNode body, String defaultProject) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object with name, kind and spec");
    }
    List<FieldError> errors = new ArrayList<>();
    JsonFields.rejectUnknown(body, FIELDS, errors);
    String name = JsonFields.name(body, errors);
    String project = body.has("project") ? project(body, errors) : defaultProject;
    String kind = kind(body, "$", errors);
    JsonNode specNode = body.get("spec");
    RunSpec spec = kind == null ? null : spec(kind, specNode, "$.spec", errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(summary(errors), errors);
    }
    return new RunSubmission(name, project, kind, json(spec), spec.totalSteps(), spec.device(),
        spec.modelInputs("$.spec"), spec.inputCompatibility());
  }

  /** The body's {@code project} field, or null with an error. */
  public String project(JsonNode body, List<FieldError> errors) {
    String project = JsonFields.text(body, "project", errors);
    if (project != null && !validProject(project)) {
      errors.add(new FieldError("$.project", PROJECT_RULE));
      return null;
    }
    return project;
  }

  public static boolean validProject(String name) {
    return PROJECT.matcher(name).matches();
  }

  /** The {@code kind} field of the object at {@code at}, or null (with an error) unless this build can run it. */
  public String kind(JsonNode body, String at, List<FieldError> errors) {
    String kind = JsonFields.text(body, at, "kind", errors);
    if (RunKinds.TRACKED.equals(kind)) {
      errors.add(new FieldError(at + ".kind",
          "'tracked' runs are created only by MLflow clients, through /api/2.0/mlflow/runs/create"));
      return null;
    }
    if (kind != null && !RunKinds.ALL.contains(kind)) {
      errors.add(new FieldError(at + ".kind", "must be one of " + RunKinds.ALL));
      return null;
    }
    if (kind != null && RunKinds.specType(kind).isEmpty()) {
      errors.add(new FieldError(at + ".kind",
          "'" + kind + "' is not available in this build yet; available: " + RunKinds.AVAILABLE));
      return null;
    }
    return kind;
  }

  /** The spec of an available {@code kind} at {@code at}, defaults filled in, or null with its errors. */
  public RunSpec spec(String kind, JsonNode node, String at, List<FieldError> errors) {
    if (node == null || !node.isObject()) {
      errors.add(new FieldError(at, "is required and must be a JSON object"));
      return null;
    }
    RunSpec spec;
    try {
      spec = STRICT.treeToValue(node, RunKinds.specType(kind).orElseThrow());
    } catch (UnrecognizedPropertyException e) {
      errors.add(new FieldError(JsonPaths.of(at, e), "is not a known field"));
      return null;
    } catch (MismatchedInputException e) {
      errors.add(new FieldError(JsonPaths.of(at, e), "must be " + StrictJson.describe(e.getTargetType())));
      return null;
    } catch (JacksonException e) {
      errors.add(new FieldError(JsonPaths.of(at, e), "is invalid: " + e.getOriginalMessage()));
      return null;
    }
    List<SpecError> invalid = spec.validate(at);
    invalid.forEach(error -> errors.add(new FieldError(error.field(), error.message())));
    return invalid.isEmpty() ? spec : null;
  }

  /** The spec as stored: every field, defaults included. */
  public String json(RunSpec spec) {
    return STRICT.writeValueAsString(spec);
  }

  public static String summary(List<FieldError> errors) {
    FieldError first = errors.get(0);
    String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
    return first.field() + " " + first.message() + more;
  }
}
