package dev.pedigree.api.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored artifact: model, dataset, tokenizer, checkpoint or (data-selection) scorer, with its content hash; or a
 * programmatic reward, a lineage node the platform registers itself ({@link RewardArtifacts}).
 *
 * @param contentUrl where its bytes download, {@code /api/v1/artifacts/{id}/content}, when they are a file of the
 *     artifact store; null for datasets (recipes, or the user's own files), rewards and files of another store
 * @param registry in a run's inputs, the registry reference its spec named this model by
 *     ({@code models:/arith-small@champion}); absent otherwise
 * @param version with {@code registry}, the model version the reference named at submission
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
    String contentUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String registry,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer version) {

  Artifact withContentUrl(String url) {
    return new Artifact(id, kind, name, uri, sha256, bytes, format, metadata, runId, createdAt, url, registry,
        version);
  }

  Artifact withRegistry(String reference, Integer referencedVersion) {
    return new Artifact(id, kind, name, uri, sha256, bytes, format, metadata, runId, createdAt, contentUrl, reference,
        referencedVersion);
  }
}
