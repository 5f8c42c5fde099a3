package dev.pedigree.api.artifact;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored artifact: model, dataset, tokenizer, checkpoint or (data-selection) scorer, with its content hash; or a
 * programmatic reward, a lineage node the platform registers itself ({@link RewardArtifacts}).
 *
 * @param contentUrl where its bytes download, {@code /api/v1/artifacts/{id}/content}, when they are a file of the
 *     artifact store; null for datasets (recipes, or the user's own files), rewards and files of another store
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
    Instant createdAt,
    String contentUrl) {

  Artifact withContentUrl(String url) {
    return new Artifact(id, kind, name, uri, sha256, bytes, format, metadata, runId, createdAt, url);
  }
}
