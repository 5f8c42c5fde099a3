package dev.pedigree.api.registry;

import java.time.Instant;
import java.util.List;

/**
 * A registered model.
 *
 * @param latestVersion its newest version, null before the first
 * @param aliases every alias and the version it names, by alias
 */
public record ModelResponse(
    String name, String project, String description, Instant createdAt, String createdBy, Instant updatedAt,
    VersionResponse latestVersion, List<AliasTarget> aliases) {

  public record AliasTarget(String alias, int version) {}
}
