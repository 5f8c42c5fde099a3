package dev.pedigree.api.artifact;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored artifact: model, dataset, tokenizer, checkpoint or (data-selection) scorer, with its content hash; or a
 * programmatic reward, a lineage node the platform registers itself ({@link RewardArtifacts}).
 */
public record Artifact(
    UUID id,
    String kind,
    String name,
    String uri,
    String sha256,
    long bytes,
    String format,
    @JsonRawValue String metadata,
    UUID runId,
    Instant createdAt) {}
