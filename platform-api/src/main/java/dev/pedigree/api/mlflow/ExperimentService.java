package dev.pedigree.api.mlflow;

import dev.pedigree.api.mlflow.MlflowJson.ExperimentJson;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.api.security.Caller;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** MLflow experiments, which are Pedigree projects; experiment "0", "Default", is the project "default". */
@Service
class ExperimentService {
  /**
   * Pedigree stores no MLflow artifacts. This URI's scheme has no artifact repository in any MLflow client, so
   * {@code log_artifact} fails at once, naming it, rather than writing somewhere unexpected.
   */
  static final String NO_ARTIFACTS = "pedigree-stores-no-mlflow-artifacts:/";
  private static final int MAX_RESULTS = 50_000;

  private final ExperimentRepository experiments;

  ExperimentService(ExperimentRepository experiments) {
    this.experiments = experiments;
  }

  Experiment require(String experimentId) {
    if (experimentId.equals(Experiment.DEFAULT_ID)) {
      return experiments.findByProject(Experiment.DEFAULT_PROJECT).orElseThrow();
    }
    try {
      return experiments.find(Long.parseLong(experimentId)).orElseThrow(() -> missing(experimentId));
    } catch (NumberFormatException e) {
      throw missing(experimentId);
    }
  }

  /** A name that is no project's (one with a NUL, which the database cannot even compare) names no experiment. */
  Experiment requireByName(String name) {
    String project = Experiment.projectOf(name);
    return (SubmissionParser.validProject(project) ? experiments.findByProject(project) : Optional.<Experiment>empty())
        .orElseThrow(() -> MlflowException.notFound("Could not find experiment with name '" + name + "'"));
  }

  /** Experiment names are project names: 1 to 100 letters, digits, '.', '_' or '-'. */
  Experiment create(MlflowRequest request, Caller caller) {
    String name = request.requiredString("name");
    if (!request.keyValues("tags").isEmpty()) {
      throw MlflowException.invalid("Experiment tags are not supported by Pedigree.");
    }
    String project = Experiment.projectOf(name);
    if (!SubmissionParser.validProject(project)) {
      throw MlflowException.invalid("Invalid experiment name '" + name + "': a Pedigree project name "
          + SubmissionParser.PROJECT_RULE + ".");
    }
    caller.requireMayActIn(project);
    return experiments.create(project).orElseThrow(() ->
        MlflowException.alreadyExists("Experiment '" + name + "' already exists."));
  }

  /** Every experiment, or a project token's one; no filter or order is supported. */
  Page<Experiment> search(MlflowRequest request, Caller caller) {
    String filter = request.string("filter");
    if ((filter != null && !filter.isBlank()) || !request.strings("order_by").isEmpty()) {
      throw MlflowException.invalid("experiments/search takes no filter or order_by in Pedigree: it lists every"
          + " experiment, oldest first.");
    }
    int limit = Page.maxResults(request, 1000, MAX_RESULTS);
    long offset = Page.offset(request.string("page_token"));
    return Page.of(experiments.page(caller.project(), limit + 1, offset), limit, offset);
  }

  static ExperimentJson json(Experiment experiment) {
    long created = experiment.createdAt().toEpochMilli();
    return new ExperimentJson(experiment.experimentId(), experiment.name(), NO_ARTIFACTS + experiment.experimentId(),
        "active", created, created, List.of());
  }

  private static MlflowException missing(String experimentId) {
    return MlflowException.notFound("Could not find experiment with ID " + experimentId);
  }
}
