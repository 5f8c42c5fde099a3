package dev.pedigree.api.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import java.util.UUID;

/**
 * An artifact's family tree in one direction: {@code up} is everything it came from, {@code down} everything made
 * from it. Nodes are artifacts and runs; edges are typed (DESIGN.md §5) and carry their parameters.
 */
public record Lineage(UUID root, String direction, int depth, List<Node> nodes, List<Edge> edges) {

  /** @param type {@code artifact} or {@code run}; {@code kind} is the artifact kind or the run kind */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Node(UUID id, String type, String kind, String name, String sha256, String status) {}

  public record Edge(UUID from, UUID to, String relation, @JsonRawValue String params) {}
}
