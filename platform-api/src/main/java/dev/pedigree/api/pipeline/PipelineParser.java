package dev.pedigree.api.pipeline;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.registry.ModelUri;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.workflows.pipeline.GateTimeout;
import dev.pedigree.workflows.pipeline.StagePlan;
import dev.pedigree.workflows.pipeline.StageReferences;
import dev.pedigree.workflows.spec.ModelInput;
import dev.pedigree.workflows.spec.RunSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Checks a pipeline body: named stages, each a run spec or a gate (a question a person answers before the stages
 * after it run); {@code ${stages.<name>.model}} references to upstream models only in fields that take a model, and
 * never to a gate; no unknown stages and no cycles. Each stage's spec is validated as its kind with the references
 * standing in as artifact ids, so a bad stage fails at submission, not hours later.
 */
@Component
class PipelineParser {
  static final int MAX_STAGES = 50;
  private static final Set<String> FIELDS = Set.of("name", "project", "stages");
  private static final Set<String> STAGE_FIELDS = Set.of("name", "kind", "spec", "after");
  private static final Set<String> GATE_FIELDS = Set.of("name", "gate", "after", "timeout", "onTimeout");
  private static final Set<String> REGISTER_STAGE_FIELDS = Set.of("name", "register", "after");
  private static final Set<String> REGISTER_FIELDS = Set.of("model", "name", "alias");
  private static final int MAX_QUESTION = 1000;
  private static final Duration MIN_GATE_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration MAX_GATE_TIMEOUT = Duration.ofDays(30);
  private static final Set<String> ON_TIMEOUT = Set.of("reject", "approve");
  private static final String GATE_TIMEOUT_RULE =
      "must be an ISO-8601 duration from " + MIN_GATE_TIMEOUT + " to P30D, such as \"PT48H\" or \"P2D\"";
  private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final SubmissionParser runs;

  PipelineParser(SubmissionParser runs) {
    this.runs = runs;
  }

  /** A stage's reference to an upstream model, where it sits in the body. */
  private record Reference(String upstream, String path) {}

  /**
   * @param kind the run's kind, {@link StagePlan#GATE} or {@link StagePlan#REGISTER}
   * @param spec the run's spec; a gate's question as a JSON string; a registration's {@code {model, name, alias}}
   * @param standIn the spec with each reference replaced by a stand-in artifact id
   * @param gateTimeout when a gate decides itself; null for other stages and a gate that waits as long as it takes
   */
  private record Stage(String name, String kind, JsonNode spec, JsonNode standIn, List<Reference> references,
      List<String> after, String at, GateTimeout gateTimeout) {
    boolean isGate() {
      return kind.equals(StagePlan.GATE);
    }
  }

  PipelineSubmission parse(JsonNode body, String defaultProject) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object with name and stages");
    }
    List<FieldError> errors = new ArrayList<>();
    JsonFields.rejectUnknown(body, FIELDS, errors);
    String name = JsonFields.name(body, errors);
    String project = body.has("project") ? runs.project(body, errors) : defaultProject;
    JsonNode stagesNode = body.get("stages");
    if (stagesNode == null || !stagesNode.isArray() || stagesNode.isEmpty() || stagesNode.size() > MAX_STAGES) {
      errors.add(new FieldError("$.stages", "must be an array of 1 to " + MAX_STAGES + " stages"));
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    List<Stage> stages = stages(stagesNode, errors);
    Map<String, Stage> byName = new HashMap<>();
    stages.forEach(stage -> byName.put(stage.name(), stage));
    for (Stage stage : stages) {
      checkReferences(stage, byName, errors);
    }
    if (errors.isEmpty()) {
      checkAcyclic(stages, errors);
    }
    List<StagePlan> plans = new ArrayList<>();
    List<ModelInput> literalInputs = new ArrayList<>();
    if (errors.isEmpty()) {
      for (Stage stage : stages) {
        if (stage.isGate()) {
          plans.add(new StagePlan(stage.name(), StagePlan.GATE, stage.spec().asString(), stage.after(),
              stage.gateTimeout()));
          continue;
        }
        if (stage.kind().equals(StagePlan.REGISTER)) {
          plans.add(new StagePlan(stage.name(), StagePlan.REGISTER, stage.spec().toString(), dependsOn(stage)));
          continue;
        }
        RunSpec spec = checkSpec(stage, errors);
        if (spec != null) {
          literalInputs.addAll(spec.modelInputs(stage.at() + ".spec").stream()
              .filter(input -> stage.references().stream().noneMatch(r -> r.path().equals(input.field())))
              .toList());
          plans.add(new StagePlan(stage.name(), stage.kind(), stage.spec().toString(), dependsOn(stage)));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    return new PipelineSubmission(name, project, plans, literalInputs, body.toString());
  }

  private List<Stage> stages(JsonNode stagesNode, List<FieldError> errors) {
    List<Stage> stages = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < stagesNode.size(); i++) {
      String at = "$.stages[" + i + "]";
      JsonNode node = stagesNode.get(i);
      if (!node.isObject()) {
        errors.add(new FieldError(at, "must be a JSON object with name, kind and spec"));
        continue;
      }
      String name = stageName(node, at, seen, errors);
      if (node.has("gate")) {
        JsonFields.rejectUnknown(node, at, GATE_FIELDS, errors);
        String question = gateQuestion(node, at, errors);
        List<String> after = after(node, at, errors);
        GateTimeout timeout = gateTimeout(node, at, errors);
        if (name != null && question != null) {
          JsonNode spec = StringNode.valueOf(question);
          stages.add(new Stage(name, StagePlan.GATE, spec, spec, List.of(), after, at, timeout));
        }
        continue;
      }
      if (node.has("register")) {
        Stage register = registerStage(node, at, name, errors);
        if (register != null) {
          stages.add(register);
        }
        continue;
      }
      JsonFields.rejectUnknown(node, at, STAGE_FIELDS, errors);
      String kind = runs.kind(node, at, errors);
      JsonNode spec = node.get("spec");
      if (spec == null || !spec.isObject()) {
        errors.add(new FieldError(at + ".spec", "is required and must be a JSON object"));
        continue;
      }
      List<Reference> references = new ArrayList<>();
      JsonNode standIn = standIn(spec, at + ".spec", references, errors);
      List<String> after = after(node, at, errors);
      if (name != null && kind != null) {
        stages.add(new Stage(name, kind, spec, standIn, references, after, at, null));
      }
    }
    return stages;
  }

  /** The stages it names in {@code after}, then those it references. */
  private static List<String> dependsOn(Stage stage) {
    Set<String> dependsOn = new LinkedHashSet<>(stage.after());
    stage.references().forEach(reference -> dependsOn.add(reference.upstream()));
    return List.copyOf(dependsOn);
  }

  /**
   * A register stage's {@code {"model": "${stages.<x>.model}", "name", "alias"?}}: the model must be an upstream
   * stage's, the name and alias keep the registry's rules.
   */
  private static Stage registerStage(JsonNode node, String at, String name, List<FieldError> errors) {
    JsonFields.rejectUnknown(node, at, REGISTER_STAGE_FIELDS, errors);
    String path = at + ".register";
    JsonNode register = node.get("register");
    List<String> after = after(node, at, errors);
    if (!register.isObject()) {
      errors.add(new FieldError(path,
          "must be an object {\"model\": \"${stages.<stage>.model}\", \"name\", \"alias\"?}"));
      return null;
    }
    JsonFields.rejectUnknown(register, path, REGISTER_FIELDS, errors);
    List<Reference> references = new ArrayList<>();
    JsonNode model = register.get("model");
    if (model == null || !model.isString()) {
      errors.add(new FieldError(path + ".model", "is required: the ${stages.<stage>.model} of an upstream stage"));
    } else {
      standIn(model, path + ".model", references, errors);
      if (references.isEmpty() && !model.asString().contains("${")) {
        errors.add(new FieldError(path + ".model", "must be ${stages.<stage>.model}: a register stage registers an"
            + " upstream stage's model"));
      }
    }
    String modelName = JsonFields.text(register, path, "name", errors);
    if (modelName != null && !ModelUri.isName(modelName)) {
      errors.add(new FieldError(path + ".name", ModelUri.NAME_RULE));
    }
    JsonNode alias = register.get("alias");
    if (alias != null && (!alias.isString() || !ModelUri.isSettableAlias(alias.asString()))) {
      errors.add(new FieldError(path + ".alias", ModelUri.ALIAS_RULE + ", and not 'latest'"));
    }
    return name == null ? null : new Stage(name, StagePlan.REGISTER, register, register, references, after, at,
        null);
  }

  private static String stageName(JsonNode stage, String at, Set<String> seen, List<FieldError> errors) {
    String name = JsonFields.text(stage, at, "name", errors);
    if (name != null && !STAGE_NAME.matcher(name).matches()) {
      errors.add(new FieldError(at + ".name", "must be 1 to 64 letters, digits, '_' or '-'"));
      return null;
    }
    if (name != null && !seen.add(name)) {
      errors.add(new FieldError(at + ".name", "repeats the name of an earlier stage: " + name));
    }
    return name;
  }

  /** What the gate asks the person who approves it. */
  private static String gateQuestion(JsonNode stage, String at, List<FieldError> errors) {
    JsonNode gate = stage.get("gate");
    if (!gate.isString() || !StorableText.isLabel(gate.asString(), MAX_QUESTION)) {
      errors.add(new FieldError(at + ".gate", "must be the question for the approver: 1 to " + MAX_QUESTION
          + " characters of well-formed text without control characters"));
      return null;
    }
    return gate.asString();
  }

  /**
   * A gate's optional {@code timeout} and {@code onTimeout} ({@code reject}, the default, or {@code approve}); null
   * when it has no timeout or they are wrong.
   */
  private static GateTimeout gateTimeout(JsonNode gate, String at, List<FieldError> errors) {
    JsonNode timeout = gate.get("timeout");
    JsonNode onTimeout = gate.get("onTimeout");
    if (timeout == null) {
      if (onTimeout != null) {
        errors.add(new FieldError(at + ".onTimeout",
            "needs a timeout: without one the gate waits as long as it takes"));
      }
      return null;
    }
    Duration after = timeout.isString() ? isoDuration(timeout.asString()) : null;
    boolean valid = true;
    if (after == null || after.compareTo(MIN_GATE_TIMEOUT) < 0 || after.compareTo(MAX_GATE_TIMEOUT) > 0) {
      errors.add(new FieldError(at + ".timeout", GATE_TIMEOUT_RULE));
      valid = false;
    }
    if (onTimeout != null && !(onTimeout.isString() && ON_TIMEOUT.contains(onTimeout.asString()))) {
      errors.add(new FieldError(at + ".onTimeout", "must be \"reject\" (the default) or \"approve\""));
      valid = false;
    }
    return valid ? new GateTimeout(after, onTimeout != null && onTimeout.asString().equals("approve")) : null;
  }

  /** Null when the text is not an ISO-8601 duration. */
  private static Duration isoDuration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException notADuration) {
      return null;
    }
  }

  private static List<String> after(JsonNode stage, String at, List<FieldError> errors) {
    JsonNode after = stage.get("after");
    List<String> names = new ArrayList<>();
    if (after == null) {
      return names;
    }
    if (!after.isArray()) {
      errors.add(new FieldError(at + ".after", "must be an array of stage names"));
      return names;
    }
    for (int i = 0; i < after.size(); i++) {
      if (!after.get(i).isString()) {
        errors.add(new FieldError(at + ".after[" + i + "]", "must be a stage name"));
      } else {
        names.add(after.get(i).asString());
      }
    }
    return names;
  }

  /**
   * A copy of {@code node} with every model reference replaced by a stand-in artifact id, collecting the references;
   * any other {@code ${…}} is an error.
   */
  private static JsonNode standIn(JsonNode node, String path, List<Reference> references, List<FieldError> errors) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(field.getKey(), standIn(field.getValue(), path + "." + field.getKey(), references, errors));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(standIn(node.get(i), path + "[" + i + "]", references, errors));
      }
      return copy;
    }
    if (node.isString() && node.asString().contains("${")) {
      Matcher any = StageReferences.ANY.matcher(node.asString());
      Matcher model = any.matches() ? StageReferences.MODEL.matcher(any.group(1)) : null;
      if (model != null && model.matches()) {
        references.add(new Reference(model.group(1), path));
        return StringNode.valueOf(standInId(model.group(1)));
      }
      errors.add(new FieldError(path, "must be a whole-value reference ${stages.<stage>.model}; stages make models"));
    }
    return node;
  }

  private static void checkReferences(Stage stage, Map<String, Stage> byName, List<FieldError> errors) {
    for (Reference reference : stage.references()) {
      Stage upstream = byName.get(reference.upstream());
      if (upstream == null) {
        errors.add(new FieldError(reference.path(), "references unknown stage '" + reference.upstream() + "'"));
      } else if (upstream.isGate()) {
        errors.add(new FieldError(reference.path(), "references gate '" + reference.upstream()
            + "', which makes no model; name the stage before the gate, and the gate in \"after\""));
      }
    }
    for (int i = 0; i < stage.after().size(); i++) {
      if (!byName.containsKey(stage.after().get(i))) {
        errors.add(new FieldError(stage.at() + ".after[" + i + "]",
            "names unknown stage '" + stage.after().get(i) + "'"));
      }
    }
  }

  /** Reports the first cycle found, at the field of the stage that closes it. */
  private static void checkAcyclic(List<Stage> stages, List<FieldError> errors) {
    Map<String, Stage> byName = new LinkedHashMap<>();
    stages.forEach(stage -> byName.put(stage.name(), stage));
    Map<String, Integer> state = new HashMap<>();
    for (Stage stage : stages) {
      List<String> path = new ArrayList<>();
      if (cycleFrom(stage, byName, state, path, errors)) {
        return;
      }
    }
  }

  /** Depth-first: state 1 = on the current path, 2 = done. */
  private static boolean cycleFrom(Stage stage, Map<String, Stage> byName, Map<String, Integer> state,
      List<String> path, List<FieldError> errors) {
    Integer seen = state.get(stage.name());
    if (seen != null) {
      return false;
    }
    state.put(stage.name(), 1);
    path.add(stage.name());
    for (Map.Entry<String, String> edge : edges(stage).entrySet()) {
      String upstream = edge.getKey();
      if (Integer.valueOf(1).equals(state.get(upstream))) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(upstream), path.size()));
        cycle.add(upstream);
        errors.add(new FieldError(edge.getValue(), "makes a cycle of stages: " + String.join(" → ", cycle)));
        return true;
      }
      if (cycleFrom(byName.get(upstream), byName, state, path, errors)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    state.put(stage.name(), 2);
    return false;
  }

  /** Upstream stage → the field that names it, first mention first. */
  private static Map<String, String> edges(Stage stage) {
    Map<String, String> edges = new LinkedHashMap<>();
    stage.references().forEach(reference -> edges.putIfAbsent(reference.upstream(), reference.path()));
    for (int i = 0; i < stage.after().size(); i++) {
      edges.putIfAbsent(stage.after().get(i), stage.at() + ".after[" + i + "]");
    }
    return edges;
  }

  /**
   * Validates the stage's spec as its kind with each reference standing in as an artifact id; a reference in a field
   * that takes no model is a type error at that field.
   */
  private RunSpec checkSpec(Stage stage, List<FieldError> errors) {
    RunSpec spec = runs.spec(stage.kind(), stage.standIn(), stage.at() + ".spec", errors);
    if (spec == null) {
      return null;
    }
    Set<String> modelFields = new HashSet<>();
    spec.modelInputs(stage.at() + ".spec").forEach(input -> modelFields.add(input.field()));
    boolean typed = true;
    for (Reference reference : stage.references()) {
      if (!modelFields.contains(reference.path())) {
        errors.add(new FieldError(reference.path(), "takes no model, but ${stages." + reference.upstream()
            + ".model} is one; a '" + stage.kind() + "' spec takes models only in its artifact fields"));
        typed = false;
      }
    }
    return typed ? spec : null;
  }

  private static String standInId(String stage) {
    return UUID.nameUUIDFromBytes(("pipeline-stage:" + stage).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
