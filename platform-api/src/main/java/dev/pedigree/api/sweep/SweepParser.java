package dev.pedigree.api.sweep;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.workflows.spec.ModelInput;
import dev.pedigree.workflows.spec.RunSpec;
import dev.pedigree.workflows.sweep.EarlyStoppingRule;
import dev.pedigree.workflows.sweep.MedianStoppingRule;
import dev.pedigree.workflows.sweep.SuccessiveHalvingRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a sweep body before anything starts: its fields, each parameter's domain, and every trial's spec, which is
 * the base spec with the trial's values set, parsed by the kind's own spec parser. A value the kind refuses is named
 * by its parameter ({@code $.parameters['training.learningRate']}) and the value; other spec errors by their path.
 */
@Component
class SweepParser {
  static final int MAX_TRIALS = 1_000;
  static final int MAX_PARAMETERS = 20;
  static final int MAX_PARALLELISM = 64;
  private static final int DEFAULT_PARALLELISM = 2;
  private static final int DEFAULT_REDUCTION_FACTOR = 3;
  private static final int MAX_REDUCTION_FACTOR = 100;
  private static final long MAX_MIN_STEPS = 100_000_000;
  /** Each trial is parsed; past this many distinct errors the rest add nothing a user would read. */
  private static final int MAX_REPORTED = 20;
  private static final Set<String> FIELDS = Set.of("name", "project", "kind", "spec", "parameters", "method", "trials",
      "seed", "parallelism", "objective", "earlyStopping", "tpe", "pbt");
  private static final Set<String> OBJECTIVE_FIELDS = Set.of("metric", "goal", "summary");
  private static final Set<String> EARLY_STOPPING_FIELDS = Set.of("rule", "minSteps", "reductionFactor");
  private static final Set<String> VALUES_FIELDS = Set.of("values");
  private static final Set<String> RANGE_FIELDS = Set.of("min", "max", "scale");
  private static final Set<String> TPE_FIELDS = Set.of("startupTrials", "candidates", "gamma");
  private static final Map<String, SearchMethod> METHODS = Map.of("grid", SearchMethod.GRID, "random",
      SearchMethod.RANDOM, "tpe", SearchMethod.TPE, "pbt", SearchMethod.PBT);
  private static final int MAX_CANDIDATES = 10_000;
  private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,15}");

  private final SubmissionParser runs;

  SweepParser(SubmissionParser runs) {
    this.runs = runs;
  }

  /** A submitted body: its fields, and every trial's spec as the kind's parser sees it. */
  SweepSubmission parse(JsonNode body, String defaultProject) {
    SweepDefinition sweep = read(body, defaultProject);
    List<ModelInput> inputs = checkTrials(sweep);
    return new SweepSubmission(sweep, inputs, body.toString());
  }

  /** The body's fields only; a stored body had its trials checked when it was submitted. */
  SweepDefinition read(JsonNode body, String defaultProject) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object with name, kind, spec, parameters, method and objective");
    }
    List<FieldError> errors = new ArrayList<>();
    JsonFields.rejectUnknown(body, FIELDS, errors);
    String name = JsonFields.name(body, errors);
    String project = body.has("project") ? runs.project(body, errors) : defaultProject;
    String kind = runs.kind(body, "$", errors);
    JsonNode spec = body.get("spec");
    if (spec == null || !spec.isObject()) {
      errors.add(new FieldError("$.spec", "is required and must be a JSON object (a run spec of the sweep's kind)"));
    }
    SearchMethod method = method(body, errors);
    List<Parameter> parameters = parameters(body.get("parameters"), method, errors);
    int trials = trials(body, method, parameters, errors);
    long seed = integer(body, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE, errors);
    if (body.has("seed") && method == SearchMethod.GRID) {
      errors.add(new FieldError("$.seed", "applies to random search only; a grid has no draws"));
    }
    int parallelism = (int) integer(body, "parallelism", DEFAULT_PARALLELISM, 1, MAX_PARALLELISM, errors);
    Objective objective = objective(body.get("objective"), errors);
    EarlyStoppingRule earlyStopping = earlyStopping(body.get("earlyStopping"), objective, errors);
    TpeSettings tpe = tpe(body.get("tpe"), method, trials, errors);
    PbtSettings pbt = PbtParser.read(body, method, kind, parameters, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    return new SweepDefinition(name, project, kind, (ObjectNode) spec, parameters, method,
        pbt == null ? trials : pbt.trials(), seed, parallelism, objective, earlyStopping, tpe, pbt);
  }

  /**
   * A trial's spec: the base spec with the trial's values set; a path that cannot be set is an error by parameter. In a
   * pbt sweep, the spec of a first-generation member.
   */
  static ObjectNode trialSpec(SweepDefinition sweep, ObjectNode params, List<FieldError> errors) {
    ObjectNode spec = sweep.spec().deepCopy();
    for (Parameter parameter : sweep.parameters()) {
      try {
        SpecPaths.set(spec, parameter.path(), params.get(parameter.path()));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(parameter.at(), e.getMessage()));
      }
    }
    if (sweep.pbt() != null && errors.isEmpty()) {
      try {
        sweep.pbt().shape(spec, 0, null);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("$.spec.training", e.getMessage()));
      }
    }
    return spec;
  }

  private static SearchMethod method(JsonNode body, List<FieldError> errors) {
    JsonNode method = body.get("method");
    if (method != null && method.isString() && METHODS.containsKey(method.asString())) {
      return METHODS.get(method.asString());
    }
    errors.add(new FieldError("$.method", "is required and must be \"grid\", \"random\", \"tpe\" or \"pbt\""));
    return null;
  }

  /**
   * The parameters in the order of their paths, whatever order the body lists them in: Postgres stores the body as
   * jsonb, which keeps no key order, and the trials must be drawn the same from the stored body as from the submitted.
   */
  private static List<Parameter> parameters(JsonNode node, SearchMethod method, List<FieldError> errors) {
    List<Parameter> parameters = new ArrayList<>();
    if (node == null || !node.isObject() || node.isEmpty() || node.size() > MAX_PARAMETERS) {
      errors.add(new FieldError("$.parameters", "is required and must map 1 to " + MAX_PARAMETERS
          + " spec paths to their domains, e.g. {\"training.learningRate\": {\"values\": [0.001, 0.003]}}"));
      return parameters;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String path = entry.getKey();
      String at = "$.parameters['" + path + "']";
      if (!PATH.matcher(path).matches()) {
        errors.add(new FieldError(at, "must be a dotted path of field names inside the spec, e.g. training.learningRate"));
        continue;
      }
      Domain domain = domain(entry.getValue(), at, errors);
      if (domain instanceof Domain.Range && method == SearchMethod.GRID) {
        errors.add(new FieldError(at, "is a range; grid search needs listed values ({\"values\": [...]})"));
      } else if (domain != null) {
        parameters.add(new Parameter(path, domain));
      }
    }
    parameters.sort(Comparator.comparing(Parameter::path));
    return parameters;
  }

  private static Domain domain(JsonNode node, String at, List<FieldError> errors) {
    if (node.isObject() && node.has("values")) {
      JsonFields.rejectUnknown(node, at, VALUES_FIELDS, errors);
      JsonNode values = node.get("values");
      if (!values.isArray() || values.isEmpty() || values.size() > MAX_TRIALS) {
        errors.add(new FieldError(at + ".values", "must be an array of 1 to " + MAX_TRIALS + " values"));
        return null;
      }
      List<JsonNode> listed = new ArrayList<>();
      values.forEach(listed::add);
      // A spec parser reads null as "not given", so a null would silently run the kind's default, not the base spec's.
      for (int i = 0; i < listed.size(); i++) {
        if (listed.get(i).isNull()) {
          errors.add(new FieldError(at + ".values[" + i + "]", "must be a value for the spec field, not null"));
          return null;
        }
      }
      return new Domain.Values(listed);
    }
    if (!node.isObject() || !node.has("min") || !node.has("max")) {
      errors.add(new FieldError(at, "must be {\"values\": [...]} or a range {\"min\", \"max\", \"scale\"?}"));
      return null;
    }
    JsonFields.rejectUnknown(node, at, RANGE_FIELDS, errors);
    JsonNode min = node.get("min");
    JsonNode max = node.get("max");
    if (!min.isNumber() || !max.isNumber() || !(min.asDouble() < max.asDouble())) {
      errors.add(new FieldError(at, "must have numbers min < max"));
      return null;
    }
    JsonNode scale = node.path("scale");
    boolean log = scale.isString() && scale.asString().equals("log");
    if (!scale.isMissingNode() && !log && !(scale.isString() && scale.asString().equals("linear"))) {
      errors.add(new FieldError(at + ".scale", "must be \"linear\" or \"log\""));
      return null;
    }
    if (log && min.asDouble() <= 0) {
      errors.add(new FieldError(at + ".min", "must be positive on a log scale"));
      return null;
    }
    return new Domain.Range(min.asDouble(), max.asDouble(), log, min.isIntegralNumber() && max.isIntegralNumber());
  }

  private static int trials(JsonNode body, SearchMethod method, List<Parameter> parameters, List<FieldError> errors) {
    if (method == SearchMethod.GRID) {
      if (body.has("trials")) {
        errors.add(new FieldError("$.trials", "applies to random search only; a grid runs every combination"));
      }
      long size = SweepTrials.gridSize(parameters, MAX_TRIALS);
      if (size > MAX_TRIALS) {
        errors.add(new FieldError("$.parameters", "make more than " + MAX_TRIALS + " combinations; a sweep runs at most "
            + MAX_TRIALS + " trials"));
      }
      return (int) size;
    }
    if (method == SearchMethod.PBT) {
      if (body.has("trials")) {
        errors.add(new FieldError("$.trials", "does not apply to pbt: its trials are pbt.population members times"
            + " pbt.generations"));
      }
      return 0;
    }
    if (method != null && !body.has("trials")) {
      errors.add(new FieldError("$.trials", "is required for " + method.name().toLowerCase(Locale.ROOT)
          + " search: an integer from 1 to " + MAX_TRIALS));
      return 0;
    }
    return (int) integer(body, "trials", 0, 1, MAX_TRIALS, errors);
  }

  /** The settings of tpe search, the defaults where the body leaves them out; null for the other methods. */
  private static TpeSettings tpe(JsonNode node, SearchMethod method, int trials, List<FieldError> errors) {
    if (method != SearchMethod.TPE) {
      if (node != null) {
        errors.add(new FieldError("$.tpe", "applies to tpe search only (\"method\": \"tpe\")"));
      }
      return null;
    }
    if (node == null) {
      node = JsonNodeFactory.instance.objectNode();
    } else if (!node.isObject()) {
      errors.add(new FieldError("$.tpe", "must be {\"startupTrials\"?: N, \"candidates\"?: N, \"gamma\"?: γ}"));
      return null;
    }
    JsonFields.rejectUnknown(node, "$.tpe", TPE_FIELDS, errors);
    TpeSettings defaults = TpeSettings.DEFAULTS;
    int startupTrials = (int) integerAt(node, "$.tpe", "startupTrials", defaults.startupTrials(), 1, MAX_TRIALS,
        errors);
    if (trials > 0 && startupTrials >= trials) {
      errors.add(new FieldError("$.tpe.startupTrials", "must be below the sweep's trials (" + trials + "), so that"
          + " some trials are chosen by tpe" + (node.has("startupTrials") ? "" : "; it defaults to "
          + defaults.startupTrials())));
    }
    int candidates = (int) integerAt(node, "$.tpe", "candidates", defaults.candidates(), 1, MAX_CANDIDATES, errors);
    JsonNode gamma = node.path("gamma");
    if (!gamma.isMissingNode() && !(gamma.isNumber() && gamma.asDouble() > 0 && gamma.asDouble() < 1)) {
      errors.add(new FieldError("$.tpe.gamma", "must be a number between 0 and 1 (exclusive): the share of the"
          + " scored trials that are good"));
    }
    return new TpeSettings(startupTrials, candidates, gamma.isNumber() ? gamma.asDouble() : defaults.gamma());
  }

  private static Objective objective(JsonNode node, List<FieldError> errors) {
    if (node == null || !node.isObject()) {
      errors.add(new FieldError("$.objective", "is required: {\"metric\": \"val/loss\", \"goal\": \"minimize\"}"));
      return null;
    }
    int before = errors.size();
    JsonFields.rejectUnknown(node, "$.objective", OBJECTIVE_FIELDS, errors);
    String metric = JsonFields.text(node, "$.objective", "metric", errors);
    if (metric != null && !StorableText.isLabel(metric, 200)) {
      errors.add(new FieldError("$.objective.metric",
          "must be a metric key: 1 to 200 characters without control characters"));
    }
    String goal = JsonFields.text(node, "$.objective", "goal", errors);
    if (goal != null) {
      JsonFields.oneOf("$.objective.goal", goal, Set.of("minimize", "maximize"), errors);
    }
    String summary = node.has("summary") ? JsonFields.text(node, "$.objective", "summary", errors) : "last";
    if (summary != null) {
      JsonFields.oneOf("$.objective.summary", summary, Set.of("last", "min", "max"), errors);
    }
    return errors.size() > before ? null : new Objective(metric, goal, summary);
  }

  /** The median rule, or asynchronous successive halving ({@code "rule": "asha"}). */
  private static EarlyStoppingRule earlyStopping(JsonNode node, Objective objective, List<FieldError> errors) {
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(new FieldError("$.earlyStopping", "must be {\"rule\": \"median\", \"minSteps\"?: N} or"
          + " {\"rule\": \"asha\", \"minSteps\": N, \"reductionFactor\"?: η}"));
      return null;
    }
    JsonFields.rejectUnknown(node, "$.earlyStopping", EARLY_STOPPING_FIELDS, errors);
    String rule = JsonFields.text(node, "$.earlyStopping", "rule", errors);
    if (rule != null) {
      JsonFields.oneOf("$.earlyStopping.rule", rule, Set.of("median", "asha"), errors);
    }
    if ("asha".equals(rule)) {
      if (!node.has("minSteps")) {
        errors.add(new FieldError("$.earlyStopping.minSteps",
            "is required for the asha rule: the step of its first rung, from 1"));
      }
      long minSteps = integerAt(node, "$.earlyStopping", "minSteps", 1, 1, MAX_MIN_STEPS, errors);
      int reductionFactor = (int) integerAt(node, "$.earlyStopping", "reductionFactor", DEFAULT_REDUCTION_FACTOR, 2,
          MAX_REDUCTION_FACTOR, errors);
      return objective == null ? null : new SuccessiveHalvingRule(objective.minimize(), minSteps, reductionFactor);
    }
    if (node.has("reductionFactor")) {
      errors.add(new FieldError("$.earlyStopping.reductionFactor", "applies to the asha rule only"));
    }
    long minSteps = integerAt(node, "$.earlyStopping", "minSteps", 0, 0, MAX_MIN_STEPS, errors);
    return objective == null ? null : new MedianStoppingRule(objective.minimize(), minSteps);
  }

  private static long integer(JsonNode body, String field, long fallback, long min, long max, List<FieldError> errors) {
    return integerAt(body, "$", field, fallback, min, max, errors);
  }

  /** An optional integer field in {@code [min, max]}: {@code fallback} when absent, or with an error when not one. */
  static long integerAt(JsonNode body, String at, String field, long fallback, long min, long max,
      List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null) {
      return fallback;
    }
    if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= min && value.asLong() <= max) {
      return value.asLong();
    }
    errors.add(new FieldError(at + "." + field, min == Long.MIN_VALUE ? "must be an integer"
        : "must be an integer from " + min + " to " + max));
    return fallback;
  }

  /**
   * Parses every trial's spec with the kind's parser; returns the model inputs the trials name. Errors are reported
   * once per field (the first trial that has one), so a base-spec error does not repeat for every trial. A tpe or pbt
   * sweep also checks each listed value and range end, which tpe may choose, or pbt's explore step reach, though no
   * random draw had it.
   */
  private List<ModelInput> checkTrials(SweepDefinition sweep) {
    Map<String, FieldError> found = new LinkedHashMap<>();
    Set<ModelInput> inputs = new LinkedHashSet<>();
    List<ObjectNode> trials = new ArrayList<>(SweepTrials.draw(sweep));
    if (sweep.method() == SearchMethod.TPE || sweep.method() == SearchMethod.PBT) {
      trials.addAll(SweepTrials.domainEdges(sweep.parameters(), trials.get(0)));
    }
    for (int i = 0; i < trials.size() && found.size() < MAX_REPORTED; i++) {
      ObjectNode params = trials.get(i);
      List<FieldError> errors = new ArrayList<>();
      ObjectNode spec = trialSpec(sweep, params, errors);
      RunSpec parsed = errors.isEmpty() ? runs.spec(sweep.kind(), spec, "$.spec", errors) : null;
      if (parsed != null) {
        inputs.addAll(parsed.modelInputs("$.spec"));
        checkFirstRung(sweep, i + 1, parsed, errors);
      }
      for (FieldError error : errors) {
        FieldError named = byParameter(error, sweep, params);
        found.putIfAbsent(named.field(), named);
      }
    }
    if (!found.isEmpty()) {
      List<FieldError> errors = List.copyOf(found.values());
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    return List.copyOf(inputs);
  }

  /**
   * A rung at or past a trial's last step would judge nothing: the first rung must come before every trial ends.
   * Past the sweep's trials, {@code trial} is a tpe sweep's check of its domains' edges.
   */
  private static void checkFirstRung(SweepDefinition sweep, int trial, RunSpec spec, List<FieldError> errors) {
    if (sweep.earlyStopping() instanceof SuccessiveHalvingRule rule && rule.minSteps() >= spec.totalSteps()) {
      errors.add(new FieldError("$.earlyStopping.minSteps", "must be below the trials' steps ("
          + (trial <= sweep.trials() ? "trial " + trial : "a trial tpe may choose") + " trains " + spec.totalSteps()
          + ")"));
    }
  }

  /**
   * The error named by the parameter that caused it, with the value: the error is at the parameter's field or inside
   * the value it set, or at an object on its path that only the parameter's path brought into the spec.
   */
  private static FieldError byParameter(FieldError error, SweepDefinition sweep, ObjectNode params) {
    for (Parameter parameter : sweep.parameters()) {
      String field = "$.spec." + parameter.path();
      String value = params.get(parameter.path()).toString();
      if (error.field().equals(field)) {
        String message = error.message().startsWith("is not a known field")
            ? "is not a field of a '" + sweep.kind() + "' spec"
            : "value " + value + " is refused: " + error.field() + " " + error.message();
        return new FieldError(parameter.at(), message);
      }
      if (error.field().startsWith(field + ".") || error.field().startsWith(field + "[")) {
        return new FieldError(parameter.at(), "value " + value + " is refused: " + error.field() + " "
            + error.message());
      }
      if (field.startsWith(error.field() + ".") && absent(sweep.spec(), error.field())) {
        return new FieldError(parameter.at(), "is not a field of a '" + sweep.kind() + "' spec: " + error.field() + " "
            + error.message());
      }
    }
    return error;
  }

  /** Whether the base spec lacks the field at {@code path} ({@code $.spec.a.b}). */
  private static boolean absent(ObjectNode spec, String path) {
    String inside = path.substring("$.spec".length());
    return !inside.isEmpty() && spec.at(inside.replace('.', '/')).isMissingNode();
  }
}
