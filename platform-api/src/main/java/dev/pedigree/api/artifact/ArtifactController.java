package dev.pedigree.api.artifact;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

@RestController
@RequestMapping("/api/v1/artifacts")
class ArtifactController {
  private final ArtifactService artifacts;
  private final ArtifactDownloads downloads;

  ArtifactController(ArtifactService artifacts, ArtifactDownloads downloads) {
    this.artifacts = artifacts;
    this.downloads = downloads;
  }

  @GetMapping("/{id}")
  Artifact get(@PathVariable UUID id) {
    return artifacts.get(id);
  }

  @GetMapping("/{id}/lineage")
  Lineage lineage(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "up") String direction,
      @RequestParam(defaultValue = "10") String depth) {
    return artifacts.lineage(id, direction, depth);
  }

  /**
   * The artifact's file ({@code application/octet-stream}), whole or one {@code Range} of it; {@code ETag} is its
   * sha256. HEAD answers the headers only.
   */
  @GetMapping("/{id}/content")
  void content(@PathVariable UUID id, ServletWebRequest request, HttpServletResponse response) throws IOException {
    downloads.send(id, request, response);
  }
}
