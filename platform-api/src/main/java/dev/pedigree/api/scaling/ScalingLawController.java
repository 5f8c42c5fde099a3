package dev.pedigree.api.scaling;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.metric.MetricRules;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.RunKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/scaling-law?project=&metric=}: the law L(N, D) = E + A/N^α + B/D^β fitted to a project's
 * succeeded pretrain runs, with each run's residual; {@code POST /api/v1/scaling-law/predict} with a pretrain
 * {@code spec} (or {@code parameters} and {@code tokens}): the loss such a run would reach, with a bootstrap interval;
 * {@code GET /api/v1/scaling-law/projects?metric=}: the projects a law could be asked of, each with its usable runs.
 */
@RestController
@RequestMapping("/api/v1/scaling-law")
class ScalingLawController {
  private static final Set<String> PREDICT_FIELDS = Set.of("project", "metric", "spec", "parameters", "tokens");
  /** Past any model trained so far, and within the doubles that hold whole numbers exactly. */
  private static final double MAX_COUNT = 1e15;

  private final ScalingLawService scaling;
  private final SubmissionParser parser;

  ScalingLawController(ScalingLawService scaling, SubmissionParser parser) {
    this.scaling = scaling;
    this.parser = parser;
  }

  @GetMapping
  ScalingLawResponse fit(@RequestParam(required = false) String project,
      @RequestParam(required = false) String metric) {
    List<FieldError> errors = new ArrayList<>();
    if (project != null && !SubmissionParser.validProject(project)) {
      errors.add(new FieldError("project", SubmissionParser.PROJECT_RULE));
    }
    String key = metricParameter(metric, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid query parameters.", errors);
    }
    return scaling.fit(project, key, "project");
  }

  @GetMapping("/projects")
  ScalingProjects projects(@RequestParam(required = false) String metric) {
    List<FieldError> errors = new ArrayList<>();
    String key = metricParameter(metric, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid query parameters.", errors);
    }
    return scaling.projects(key);
  }

  /** The {@code metric} query parameter, {@link ScalingLawService#DEFAULT_METRIC} when absent. */
  private static String metricParameter(String metric, List<FieldError> errors) {
    if (metric != null && !MetricRules.validKey(metric)) {
      errors.add(new FieldError("metric", MetricRules.KEY_RULE));
    }
    return metric == null ? ScalingLawService.DEFAULT_METRIC : metric;
  }

  @PostMapping("/predict")
  Prediction predict(@RequestBody JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object with a pretrain spec, or parameters and tokens");
    }
    List<FieldError> errors = new ArrayList<>();
    JsonFields.rejectUnknown(body, PREDICT_FIELDS, errors);
    String project = body.has("project") ? parser.project(body, errors) : null;
    String metric = body.has("metric") ? metric(body, errors) : ScalingLawService.DEFAULT_METRIC;
    long parameters = 0;
    long tokens = 0;
    if (body.has("spec")) {
      for (String count : List.of("parameters", "tokens")) {
        if (body.has(count)) {
          errors.add(new FieldError("$." + count, "must be omitted when spec is given (the spec sets it)"));
        }
      }
      if (parser.spec(RunKinds.PRETRAIN, body.get("spec"), "$.spec", errors) instanceof PretrainSpec spec) {
        parameters = spec.model().nonEmbeddingParameters();
        tokens = spec.trainingTokens();
      }
    } else {
      parameters = count(body, "parameters", errors);
      tokens = count(body, "tokens", errors);
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    return scaling.predict(project, metric, parameters, tokens, "$.project");
  }

  private static String metric(JsonNode body, List<FieldError> errors) {
    String metric = JsonFields.text(body, "metric", errors);
    if (metric != null && !MetricRules.validKey(metric)) {
      errors.add(new FieldError("$.metric", MetricRules.KEY_RULE));
    }
    return metric;
  }

  /** A whole number from 1 to {@value #MAX_COUNT}, or 0 with an error. */
  private static long count(JsonNode body, String field, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null) {
      errors.add(new FieldError("$." + field, "is required unless a pretrain spec is given"));
      return 0;
    }
    double number = value.isNumber() ? value.asDouble() : Double.NaN;
    if (!(number >= 1 && number <= MAX_COUNT && number == Math.rint(number))) {
      errors.add(new FieldError("$." + field, "must be a whole number from 1 to " + (long) MAX_COUNT));
      return 0;
    }
    return (long) number;
  }
}
