package dev.pedigree.workers.activity;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingJob;
import dev.pedigree.workers.engine.distill.DistillJob;
import dev.pedigree.workers.engine.merge.MergeJob;
import dev.pedigree.workers.engine.preference.PreferenceJob;
import dev.pedigree.workers.engine.rl.RlJob;
import dev.pedigree.workflows.common.FailureTypes;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.MergeSpec;
import dev.pedigree.workflows.spec.PreferenceSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.RlSpec;
import dev.pedigree.workflows.spec.RunKinds;
import dev.pedigree.workflows.spec.RunSpec;
import dev.pedigree.workflows.spec.SpecError;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The engine job for a run's kind and spec. */
final class TrainingJobs {
  private static final ObjectMapper SPEC_READER = new ObjectMapper();

  private TrainingJobs() {}

  /**
   * @param models the run's input models as local files, by the role its spec gives each
   * @param modelSha256 the sha256 each of those files was checked against, by role
   * @param workDir where the job writes its checkpoints and model
   */
  static TrainingJob create(String kind, String specJson, Map<String, Path> models, Map<String, String> modelSha256,
      Path workDir) {
    RunSpec spec = parse(kind, specJson);
    return switch (kind) {
      case RunKinds.PRETRAIN -> new Trainer((PretrainSpec) spec, models, workDir);
      case "distill" -> new DistillJob((DistillSpec) spec, models, workDir);
      case "merge" -> new MergeJob((MergeSpec) spec, models, modelSha256, workDir);
      case "rl" -> new RlJob((RlSpec) spec, models, workDir);
      case "preference" -> new PreferenceJob((PreferenceSpec) spec, models, workDir);
      default -> throw ApplicationFailure.newNonRetryableFailure(
          "this worker cannot run kind " + kind, FailureTypes.INVALID_SPEC);
    };
  }

  /** The API validated the spec already; a spec that fails here was stored by an incompatible version. */
  static RunSpec parse(String kind, String specJson) {
    Class<? extends RunSpec> type = RunKinds.specType(kind).orElseThrow(() ->
        ApplicationFailure.newNonRetryableFailure("this worker cannot run kind " + kind, FailureTypes.INVALID_SPEC));
    RunSpec spec;
    try {
      spec = SPEC_READER.readValue(specJson, type);
    } catch (JacksonException e) {
      throw ApplicationFailure.newNonRetryableFailure("invalid spec: " + e.getOriginalMessage(), FailureTypes.INVALID_SPEC);
    }
    List<SpecError> errors = spec.validate("$.spec");
    if (!errors.isEmpty()) {
      String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
      throw ApplicationFailure.newNonRetryableFailure("invalid spec: " + detail, FailureTypes.INVALID_SPEC);
    }
    return spec;
  }
}
