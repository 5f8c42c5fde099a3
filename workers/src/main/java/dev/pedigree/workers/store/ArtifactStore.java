package dev.pedigree.workers.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The artifact store of embedded mode and of workers sharing a volume: a local directory. Runs write under {@code
 * runs/<runId>/}; artifacts are addressed by {@code file:} URIs, and only URIs inside the root are ever opened.
 */
public final class ArtifactStore {
  private static final Pattern CHECKPOINT = Pattern.compile("ckpt-\\d{8}\\.safetensors");

  private final Path root;

  public ArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A store for a configured location: a directory path or {@code file:} URI. Object stores are refused plainly. */
  public static ArtifactStore at(String location) {
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !location.startsWith("file:")) {
      throw new IllegalArgumentException("artifact location " + location + " is not supported by this build: use a"
          + " directory shared by the platform and its workers (object storage is not implemented yet)");
    }
    return new ArtifactStore(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location));
  }

  public Path runDirectory(UUID runId) {
    Path directory = root.resolve("runs").resolve(runId.toString());
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + directory, e);
    }
  }

  /**
   * The newest complete checkpoint of a run, if any. Checkpoints are renamed into place only when complete, so
   * anything matching the name is whole.
   */
  public Optional<Path> latestCheckpoint(UUID runId) {
    try (Stream<Path> files = Files.list(runDirectory(runId))) {
      return files.filter(file -> CHECKPOINT.matcher(file.getFileName().toString()).matches()).max(Path::compareTo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints of run " + runId, e);
    }
  }

  public String uriOf(Path file) {
    return inside(file).toUri().toString();
  }

  /** The file behind a URI this store handed out; anything outside the root is refused. */
  public Path resolve(String uri) {
    URI parsed = URI.create(uri);
    if (!"file".equals(parsed.getScheme())) {
      throw new IllegalArgumentException("not an artifact of this store: " + uri);
    }
    return inside(Path.of(parsed));
  }

  private Path inside(Path file) {
    Path normalized = file.toAbsolutePath().normalize();
    if (!normalized.startsWith(root)) {
      throw new IllegalArgumentException("path is outside the artifact store: " + file);
    }
    return normalized;
  }
}
