package dev.pedigree.api.mlflow;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.Ids;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What an MLflow model version's {@code source} may name: a Pedigree model artifact, by its id or as
 * {@code pedigree:/artifacts/<id>}, or the model a run produced, as {@code runs:/<run_id>/model}. The run's MLflow
 * artifact URI followed by {@code /model} names that model too: it is the source {@code mlflow.register_model} sends
 * for a {@code runs:/} URI, resolved with the run's {@code artifact_uri}.
 */
@Component
class ModelSources {
  static final String ARTIFACT_PREFIX = "pedigree:/artifacts/";
  private static final Pattern RUN_MODEL = Pattern.compile(
      "(?:runs:/|" + Pattern.quote(ExperimentService.NO_ARTIFACTS) + ")([^/]+)/model/?");

  private final ArtifactService artifacts;

  ModelSources(ArtifactService artifacts) {
    this.artifacts = artifacts;
  }

  /** The source Pedigree answers for the artifact: the form that names it without a run. */
  static String source(UUID artifactId) {
    return ARTIFACT_PREFIX + artifactId;
  }

  /**
   * The model artifact {@code source} names.
   *
   * @param runId null, or the run that must have produced it: Pedigree keeps no run id of its own with a version
   */
  Artifact model(String source, String runId) {
    Artifact model = named(source);
    if (runId != null && !runId.isEmpty() && !Objects.equals(Ids.parse(runId).orElse(null), model.runId())) {
      throw MlflowException.invalid("Invalid run_id '" + runId + "': source '" + source + "' is model artifact "
          + model.id() + ", which " + (model.runId() == null ? "no run produced."
              : "run " + RunIds.format(model.runId()) + " produced."));
    }
    return model;
  }

  private Artifact named(String source) {
    Matcher run = RUN_MODEL.matcher(source);
    if (run.matches()) {
      return producedBy(source, run.group(1));
    }
    String id = source.startsWith(ARTIFACT_PREFIX) ? source.substring(ARTIFACT_PREFIX.length()) : source;
    Artifact artifact = Ids.parse(id).flatMap(artifacts::find).orElseThrow(() -> MlflowException.invalid(
        "Invalid source '" + source + "': it must name a Pedigree model artifact, as its id, " + ARTIFACT_PREFIX
            + "<id> or runs:/<run_id>/model."));
    if (!artifact.kind().equals("model")) {
      throw MlflowException.invalid("Invalid source '" + source + "': artifact " + artifact.id() + " is a "
          + artifact.kind() + ", not a model.");
    }
    return artifact;
  }

  private Artifact producedBy(String source, String runId) {
    UUID run = Ids.parse(runId).orElseThrow(() -> MlflowException.invalid("Invalid source '" + source + "': '"
        + runId + "' is no run id."));
    List<Artifact> models = artifacts.producedBy(run).stream().filter(a -> a.kind().equals("model")).toList();
    if (models.size() != 1) {
      throw MlflowException.invalid("Invalid source '" + source + "': " + (models.isEmpty()
          ? "there is no run " + runId + " that produced a model."
          : "run " + runId + " produced " + models.size() + " models; name one as " + ARTIFACT_PREFIX + "<id>: "
              + models.stream().map(model -> model.id().toString()).toList() + "."));
    }
    return models.get(0);
  }
}
