package dev.pedigree.api.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model.
 *
 * @param latestVersion its newest version, null before the first
 * @param updatedAt when it, its tags, aliases or versions last changed
 * @param aliases every alias and the version it names, by alias
 * @param tags by key
 */
public record ModelResponse(
    String name, String project, String description, Instant createdAt, String createdBy, Instant updatedAt,
    VersionResponse latestVersion, List<AliasTarget> aliases, Map<String, String> tags) {

  public record AliasTarget(String alias, int version) {}
}
