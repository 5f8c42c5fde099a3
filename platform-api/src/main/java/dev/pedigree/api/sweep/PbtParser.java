package dev.pedigree.api.sweep;

import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.workflows.spec.RunKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code pbt} object of a sweep body and what pbt asks of the rest of it: a pretrain kind (only pretrain runs
 * continue from a checkpoint), no early-stopping rule (exploiting replaces it), a base spec that leaves the segment and
 * the schedule's length to the sweep, and parameters a member can change while it keeps its weights.
 */
final class PbtParser {
  private static final Set<String> FIELDS =
      Set.of("population", "interval", "generations", "quantile", "perturb", "resampleProbability");
  private static final int MAX_POPULATION = 100;
  private static final int MAX_GENERATIONS = 1_000;
  private static final int MAX_FACTORS = 10;
  private static final long MAX_STEPS = 100_000_000;
  /** What a checkpoint fixes: a member that continues from another's checkpoint keeps its model and data. */
  private static final List<String> FIXED = List.of("model", "data", "device", "segment", "training.steps",
      "training.seed");

  private PbtParser() {}

  /** The settings of a pbt sweep, the defaults where the body leaves them out; null for the other methods. */
  static PbtSettings read(JsonNode body, SearchMethod method, String kind, List<Parameter> parameters,
      List<FieldError> errors) {
    JsonNode node = body.get("pbt");
    if (method != SearchMethod.PBT) {
      if (node != null) {
        errors.add(new FieldError("$.pbt", "applies to pbt only (\"method\": \"pbt\")"));
      }
      return null;
    }
    if (node == null || !node.isObject()) {
      errors.add(new FieldError("$.pbt", "is required for pbt: {\"population\": N, \"interval\": steps, \"generations\":"
          + " N, \"quantile\"?: q, \"perturb\"?: [factors], \"resampleProbability\"?: p}"));
      return null;
    }
    int before = errors.size();
    JsonFields.rejectUnknown(node, "$.pbt", FIELDS, errors);
    int population = (int) required(node, "population", 2, MAX_POPULATION, errors);
    int interval = (int) required(node, "interval", 1, MAX_STEPS, errors);
    int generations = (int) required(node, "generations", 2, MAX_GENERATIONS, errors);
    if ((long) population * generations > SweepParser.MAX_TRIALS) {
      errors.add(new FieldError("$.pbt", "makes " + (long) population * generations + " trials (population ×"
          + " generations); a sweep runs at most " + SweepParser.MAX_TRIALS));
    }
    if ((long) interval * generations > MAX_STEPS) {
      errors.add(new FieldError("$.pbt.interval", "times generations must be at most " + MAX_STEPS + " steps"));
    }
    double quantile = fraction(node, "quantile", PbtSettings.DEFAULT_QUANTILE, 0.5, false, errors);
    double resample = fraction(node, "resampleProbability", PbtSettings.DEFAULT_RESAMPLE_PROBABILITY, 1, true, errors);
    List<Double> perturb = perturb(node.get("perturb"), errors);
    checkRest(body, kind, parameters, errors.size() > before ? null : (long) interval * generations, errors);
    return errors.size() > before ? null
        : new PbtSettings(population, interval, generations, quantile, perturb, resample);
  }

  private static long required(JsonNode node, String field, long min, long max, List<FieldError> errors) {
    if (!node.has(field)) {
      errors.add(new FieldError("$.pbt." + field, "is required: an integer from " + min + " to " + max));
      return min;
    }
    return SweepParser.integerAt(node, "$.pbt", field, min, min, max, errors);
  }

  /** A number in (0, max], or [0, max] when {@code zeroAllowed}. */
  private static double fraction(JsonNode node, String field, double fallback, double max, boolean zeroAllowed,
      List<FieldError> errors) {
    JsonNode value = node.get(field);
    if (value == null) {
      return fallback;
    }
    double number = value.isNumber() ? value.asDouble() : Double.NaN;
    if (!(number <= max && (zeroAllowed ? number >= 0 : number > 0))) {
      errors.add(new FieldError("$.pbt." + field, "must be a number " + (zeroAllowed ? "from 0" : "above 0")
          + " to " + max));
    }
    return number;
  }

  private static List<Double> perturb(JsonNode node, List<FieldError> errors) {
    if (node == null) {
      return PbtSettings.DEFAULT_PERTURB;
    }
    List<Double> factors = new ArrayList<>();
    if (node.isArray() && !node.isEmpty() && node.size() <= MAX_FACTORS) {
      node.forEach(factor -> factors.add(factor.isNumber() ? factor.asDouble() : Double.NaN));
    }
    if (factors.isEmpty() || factors.stream().anyMatch(factor -> !(factor > 0 && factor < 1e6))) {
      errors.add(new FieldError("$.pbt.perturb", "must be an array of 1 to " + MAX_FACTORS
          + " positive factors, e.g. [0.8, 1.2]"));
    }
    return factors;
  }

  /** @param steps the schedule's steps; null when the pbt object is wrong, and they are not known */
  private static void checkRest(JsonNode body, String kind, List<Parameter> parameters, Long steps,
      List<FieldError> errors) {
    if (kind != null && !kind.equals(RunKinds.PRETRAIN)) {
      errors.add(new FieldError("$.kind", "must be pretrain for pbt: only pretrain runs continue from another run's"
          + " checkpoint"));
    }
    if (body.has("earlyStopping")) {
      errors.add(new FieldError("$.earlyStopping", "does not apply to pbt: its exploit step replaces the bottom"
          + " members instead of stopping them"));
    }
    JsonNode spec = body.path("spec");
    if (spec.has("segment")) {
      errors.add(new FieldError("$.spec.segment", "is set by the pbt sweep for each generation of each member"));
    }
    JsonNode given = spec.path("training").path("steps");
    if (steps != null && !given.isMissingNode() && !(given.isIntegralNumber() && given.asLong() == steps)) {
      errors.add(new FieldError("$.spec.training.steps", "must be left out or be pbt.interval × pbt.generations ("
          + steps + "): every member's schedule spans all generations"));
    }
    for (Parameter parameter : parameters) {
      for (String fixed : FIXED) {
        if (parameter.path().equals(fixed) || parameter.path().startsWith(fixed + ".")) {
          errors.add(new FieldError(parameter.at(), "cannot vary in pbt: a member continues from another member's"
              + " checkpoint, which fixes " + String.join(", ", FIXED)));
          break;
        }
      }
    }
  }
}
