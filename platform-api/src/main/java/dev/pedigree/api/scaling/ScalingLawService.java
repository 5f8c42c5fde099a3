package dev.pedigree.api.scaling;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.workers.engine.scaling.BootstrapLaws;
import dev.pedigree.workers.engine.scaling.Coverage;
import dev.pedigree.workers.engine.scaling.ScalingLaw;
import dev.pedigree.workers.engine.scaling.ScalingLawFit;
import dev.pedigree.workers.engine.scaling.ScalingPoint;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.RunKinds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scaling laws over the platform's own history: each succeeded pretrain run is one point, N from its spec's model,
 * D from its steps, batch and context, L its metric's value at its last step. Only final values are used: under the
 * cosine schedule a run's earlier evaluations sit above the loss a run of that length reaches.
 */
@Service
public class ScalingLawService {
  public static final String DEFAULT_METRIC = "val/loss";
  static final int RESAMPLES = 200;
  static final double LEVEL = 0.9;
  /** Fixed, so the same history gives the same interval. */
  private static final long BOOTSTRAP_SEED = 1;

  private final ScalingRunRepository runs;
  private final SubmissionParser parser;
  private final JsonMapper json;

  ScalingLawService(ScalingRunRepository runs, SubmissionParser parser, JsonMapper json) {
    this.runs = runs;
    this.parser = parser;
    this.json = json;
  }

  /** The law of {@code project}'s runs; a 400 naming {@code projectField} when they are too few to fit. */
  public ScalingLawResponse fit(String project, String metric, String projectField) {
    return fitted(project, metric, projectField).response();
  }

  /** The loss a run of {@code parameters} and {@code tokens} would reach, by the law of {@code project}'s runs. */
  public Prediction predict(String project, String metric, long parameters, long tokens, String projectField) {
    Fitted fitted = fitted(project, metric, projectField);
    BootstrapLaws bootstrap = BootstrapLaws.resample(fitted.points(), fitted.law(), RESAMPLES, BOOTSTRAP_SEED);
    BootstrapLaws.Interval interval = bootstrap.interval(parameters, tokens, LEVEL);
    return new Prediction(parameters, tokens, fitted.law().predict(parameters, tokens),
        new Prediction.Interval(interval.low(), interval.high(), LEVEL, bootstrap.laws().size()), fitted.response());
  }

  /** The projects with succeeded pretrain runs that logged {@code metric}, each with what its law would rest on. */
  public ScalingProjects projects(String metric) {
    Map<String, List<ScalingRunRepository.FinishedRun>> byProject = new TreeMap<>();
    for (ScalingRunRepository.FinishedRun run : runs.finishedPerProject(metric)) {
      byProject.computeIfAbsent(run.project(), project -> new ArrayList<>()).add(run);
    }
    List<ScalingProject> projects = new ArrayList<>();
    byProject.forEach((project, finished) ->
        projects.add(ScalingProject.of(project, Coverage.of(usable(finished).points()))));
    projects.sort(Comparator.comparing(ScalingProject::fittable).reversed());
    return new ScalingProjects(metric, Coverage.MINIMUM, projects);
  }

  private record Fitted(ScalingLawResponse response, List<ScalingPoint> points, ScalingLaw law) {}

  /** The runs that are points, each with its point. */
  private record Usable(List<ScalingRunRepository.FinishedRun> runs, List<ScalingPoint> points) {}

  private Fitted fitted(String project, String metric, String projectField) {
    Usable usable = usable(runs.finished(project, metric));
    List<ScalingPoint> points = usable.points();
    ScalingLawFit.shortfall(points).ifPresent(problem -> {
      String runsOf = (project == null ? "every project" : "project '" + project + "'")
          + " (its succeeded pretrain runs that logged " + metric + ") ";
      throw ApiProblem.invalid(runsOf + problem, List.of(new FieldError(projectField, runsOf + problem)));
    });
    ScalingLaw law = ScalingLawFit.fit(points);
    List<FittedRun> fittedRuns = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      ScalingPoint point = points.get(i);
      double value = law.predict(point.parameters(), point.tokens());
      fittedRuns.add(new FittedRun(usable.runs().get(i).id(), point.label(), (long) point.parameters(),
          (long) point.tokens(), point.loss(), value, point.loss() - value));
    }
    return new Fitted(new ScalingLawResponse(project, metric, law, fittedRuns), points, law);
  }

  /** Those of {@code finished} with a spec this build reads and a positive, finite loss. */
  private Usable usable(List<ScalingRunRepository.FinishedRun> finished) {
    List<ScalingRunRepository.FinishedRun> usable = new ArrayList<>();
    List<ScalingPoint> points = new ArrayList<>();
    for (ScalingRunRepository.FinishedRun run : finished) {
      PretrainSpec spec = spec(run.spec());
      if (spec != null && run.loss() > 0 && Double.isFinite(run.loss())) {
        usable.add(run);
        points.add(new ScalingPoint(run.name(), spec.model().nonEmbeddingParameters(), spec.trainingTokens(),
            run.loss()));
      }
    }
    return new Usable(usable, points);
  }

  /** The stored spec with today's defaults, or null when this build no longer reads it. */
  private PretrainSpec spec(String stored) {
    List<FieldError> errors = new ArrayList<>();
    return parser.spec(RunKinds.PRETRAIN, json.readTree(stored), "$.spec", errors) instanceof PretrainSpec spec
        ? spec : null;
  }
}
