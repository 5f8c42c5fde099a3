package dev.pedigree.workers.activity;

import java.util.Map;

/** An artifact a run produced, as the worker reports it to the platform. */
public record ArtifactRegistration(
    String kind, String name, String uri, String sha256, long bytes, String format, Map<String, Object> metadata) {}
