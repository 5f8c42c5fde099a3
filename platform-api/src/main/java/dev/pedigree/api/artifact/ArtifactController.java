package dev.pedigree.api.artifact;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/artifacts")
class ArtifactController {
  private final ArtifactService artifacts;

  ArtifactController(ArtifactService artifacts) {
    this.artifacts = artifacts;
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
}
