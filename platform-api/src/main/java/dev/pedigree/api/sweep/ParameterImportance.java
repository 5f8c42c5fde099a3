package dev.pedigree.api.sweep;

import dev.pedigree.workers.engine.selection.PearsonCorrelation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How much each swept parameter moves the objective, over a sweep's finished trials, as W&B's sweep page shows it: an
 * importance from a {@link RegressionForest} fitted to (parameters → objective), and Pearson's correlation with the
 * objective on the parameter's axis (log10 of the value on a log-scaled range). A parameter whose values are not all
 * numbers enters the forest one-hot, a feature per value, its importance the sum of theirs; it has no correlation.
 */
final class ParameterImportance {
  static final int MIN_TRIALS = 3;

  /**
   * @param importance by importance, highest first; null when there is none
   * @param reason why there is none
   */
  record Result(List<SweepResponse.Importance> importance, String reason) {}

  private ParameterImportance() {}

  /** @param finished the trials that ended with a finite objective */
  static Result of(List<Parameter> parameters, List<SweepResponse.Trial> finished, long seed) {
    if (finished.size() < MIN_TRIALS) {
      return new Result(null, "needs " + MIN_TRIALS + " finished trials with the objective; "
          + (finished.size() == 1 ? "1 has it" : finished.size() + " have it"));
    }
    double[] objective = finished.stream().mapToDouble(SweepResponse.Trial::objective).toArray();
    if (Arrays.stream(objective).distinct().count() == 1) {
      return new Result(null, "every finished trial has the same objective");
    }
    List<Column> columns = parameters.stream().map(parameter -> Column.of(parameter, finished)).toList();
    double[][] features = new double[finished.size()][];
    for (int trial = 0; trial < finished.size(); trial++) {
      int t = trial;
      features[trial] = columns.stream().flatMapToDouble(column -> Arrays.stream(column.features()[t]))
          .toArray();
    }
    double[] byFeature = RegressionForest.importances(features, objective, seed);
    List<SweepResponse.Importance> importance = new ArrayList<>();
    int feature = 0;
    for (Column column : columns) {
      double sum = 0;
      for (int end = feature + column.width(); feature < end; feature++) {
        sum += byFeature[feature];
      }
      importance.add(new SweepResponse.Importance(column.path(), sum, column.correlation(objective)));
    }
    importance.sort(Comparator.comparingDouble(SweepResponse.Importance::importance).reversed());
    return new Result(importance, null);
  }

  /**
   * One parameter's features by trial.
   *
   * @param axis its value on the parameter's axis by trial; null when its values are not all numbers (one-hot)
   */
  private record Column(String path, double[][] features, double[] axis) {

    static Column of(Parameter parameter, List<SweepResponse.Trial> trials) {
      List<JsonNode> values = trials.stream().map(trial -> trial.params().get(parameter.path())).toList();
      if (values.stream().allMatch(JsonNode::isNumber)) {
        double[] axis = values.stream()
            .mapToDouble(value -> parameter.logScale() ? Math.log10(value.asDouble()) : value.asDouble()).toArray();
        double[][] features = new double[axis.length][];
        for (int trial = 0; trial < axis.length; trial++) {
          features[trial] = new double[] {axis[trial]};
        }
        return new Column(parameter.path(), features, axis);
      }
      List<JsonNode> distinct = values.stream().distinct().toList();
      double[][] oneHot = new double[values.size()][distinct.size()];
      for (int trial = 0; trial < values.size(); trial++) {
        oneHot[trial][distinct.indexOf(values.get(trial))] = 1;
      }
      return new Column(parameter.path(), oneHot, null);
    }

    int width() {
      return features[0].length;
    }

    /** Null without an axis, or when the parameter is the same in every trial. */
    Double correlation(double[] objective) {
      return axis == null || Arrays.stream(axis).distinct().count() == 1
          ? null
          : PearsonCorrelation.of(axis, objective);
    }
  }
}
