package dev.pedigree.api.run;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.workflows.spec.RunKinds;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkpoint a pretrain segment starts from, checked at submission as the engine checks it when the run starts:
 * written by a pretrain run with the segment's model and data, at a step before the one the segment stops at. That
 * the id names a checkpoint artifact at all is {@link ArtifactService#resolveModels}'s check.
 */
@Component
class SegmentCheckpoints {
  private static final String AT = "$.spec.segment.checkpoint";

  private final RunRepository runs;
  private final ArtifactService artifacts;
  private final JsonMapper json;

  SegmentCheckpoints(RunRepository runs, ArtifactService artifacts, JsonMapper json) {
    this.runs = runs;
    this.artifacts = artifacts;
    this.json = json;
  }

  /** @param specJson the resolved spec, defaults filled in, as the run stores it */
  void check(String kind, String specJson, long stopsAt, List<FieldError> errors) {
    if (!kind.equals(RunKinds.PRETRAIN)) {
      return;
    }
    JsonNode spec = json.readTree(specJson);
    Artifact checkpoint = checkpoint(spec.path("segment").path("checkpoint").asString(null));
    if (checkpoint == null) {
      return;
    }
    Run producer = checkpoint.runId() == null ? null : runs.find(checkpoint.runId()).orElse(null);
    if (producer == null || !producer.kind().equals(RunKinds.PRETRAIN)) {
      errors.add(new FieldError(AT, "must be a checkpoint of a pretrain run; " + checkpoint.id() + " is not"));
      return;
    }
    JsonNode written = json.readTree(producer.specJson());
    for (String field : List.of("model", "data")) {
      if (!spec.path(field).equals(written.path(field))) {
        errors.add(new FieldError(AT, "was written by run " + producer.id() + " with another " + field + " ("
            + written.path(field) + "); a segment continues with the " + field + " of its checkpoint"));
      }
    }
    long step = json.readTree(checkpoint.metadata()).path("step").asLong(-1);
    if (step >= stopsAt) {
      errors.add(new FieldError("$.spec.segment.untilStep", "must be past the step of the checkpoint (" + step
          + "); the segment stops at " + stopsAt));
    }
  }

  private Artifact checkpoint(String id) {
    try {
      return id == null ? null : artifacts.find(UUID.fromString(id))
          .filter(artifact -> artifact.kind().equals("checkpoint"))
          .orElse(null);
    } catch (IllegalArgumentException notAnId) {
      return null;
    }
  }
}
