package dev.pedigree.workers.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where checkpoints and models live: a local directory (embedded mode, or a volume shared by the platform and its
 * workers) or an S3-compatible bucket. The engine always works in a local directory; the store makes its files durable
 * and hands out URIs ({@code file:} or {@code s3:}) that heartbeats and artifact records carry. Every read checks the
 * bytes against their sha256, and only URIs inside the configured root are ever read.
 */
public interface ArtifactStore {
  /** Where the engine writes a run's checkpoints and final model. */
  Path workDirectory(UUID runId);

  /**
   * Makes a complete file of the run's work directory durable and returns its URI. Publishing a checkpoint also prunes
   * the store's older checkpoints of the run the way the engine prunes its work directory.
   *
   * @param keepAlive called now and then during a long transfer, so the caller can heartbeat
   */
  String publish(UUID runId, Path file, String sha256, Runnable keepAlive);

  /**
   * The artifact behind a URI this store handed out, as a local file for the run's work, after checking its bytes.
   *
   * @param sha256 the digest the caller recorded, or null when it has none (the store checks what it recorded itself)
   * @throws CorruptArtifactException when the bytes do not match
   * @throws IllegalArgumentException when the URI is not inside this store
   */
  Path open(UUID runId, String uri, String sha256, Runnable keepAlive);

  /**
   * A model another run made, read by this run: like {@link #open}, and where the store must copy it, the copy is
   * {@code inputs/<localName>} in the run's work directory, so inputs never collide with each other or the run's files.
   */
  Path openInput(UUID runId, String uri, String sha256, String localName, Runnable keepAlive);

  /** Whether this store hands out the URI (whether or not it still holds the file); reads nothing. */
  boolean owns(String uri);

  /**
   * The file behind a URI this store handed out, to serve its bytes to a client; empty when the store no longer holds a
   * file there.
   *
   * @throws IllegalArgumentException when the URI is not inside this store
   */
  Optional<StoredFile> find(String uri);

  /** The URIs of the run's complete checkpoints in the store, oldest first. */
  List<String> checkpoints(UUID runId);

  /** Drops local copies of the run's files where the store keeps them elsewhere; the store's own files stay. */
  void release(UUID runId);

  /**
   * The store for a configured location: {@code s3://bucket/prefix}, a directory path or a {@code file:} URI.
   *
   * @param cache where an object store's runs keep their local work directories
   */
  static ArtifactStore at(String location, S3Settings s3, Path cache) {
    if (location.startsWith("s3://")) {
      return new S3ArtifactStore(S3ArtifactStore.client(s3), S3Location.parse(location), cache);
    }
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !location.startsWith("file:")) {
      throw new IllegalArgumentException("artifact location " + location
          + " is not supported: use s3://bucket/prefix or a directory shared by the platform and its workers");
    }
    return new LocalArtifactStore(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location));
  }
}
