package dev.pedigree.workers.store;

/** An artifact's bytes do not match the sha256 recorded for them: retrying cannot fix it. */
public final class CorruptArtifactException extends RuntimeException {
  CorruptArtifactException(String uri, String expected, String actual) {
    super("artifact " + uri + " is corrupt: sha256 " + actual + ", expected " + expected);
  }
}
