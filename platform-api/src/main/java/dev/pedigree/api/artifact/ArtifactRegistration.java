package dev.pedigree.api.artifact;

import java.util.Map;

/** What a worker reports about an artifact its run wrote. */
public record ArtifactRegistration(
    String kind, String name, String uri, String sha256, Long bytes, String format, Map<String, Object> metadata) {}
