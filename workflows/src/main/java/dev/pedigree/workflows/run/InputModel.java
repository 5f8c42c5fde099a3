package dev.pedigree.workflows.run;

import java.util.UUID;

/** A model artifact a run reads, resolved by the platform: where its bytes are and what they must hash to. */
public record InputModel(String role, UUID artifactId, String uri, String sha256) {}
