package dev.pedigree.workers.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The artifact store of embedded mode and of workers sharing a volume: a local directory. A run's work directory is
 * its directory in the store, {@code runs/<runId>/}, so publishing copies nothing; artifacts are addressed by {@code
 * file:} URIs.
 */
public final class LocalArtifactStore implements ArtifactStore {
  private final Path root;

  public LocalArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Path workDirectory(UUID runId) {
    Path directory = root.resolve("runs").resolve(runId.toString());
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + directory, e);
    }
  }

  @Override
  public String publish(UUID runId, Path file, String sha256, Runnable keepAlive) {
    return inside(file).toUri().toString();
  }

  @Override
  public Path open(UUID runId, String uri, String sha256, Runnable keepAlive) {
    Path file = resolve(uri);
    if (sha256 != null) {
      DigestingCopy.verify(uri, sha256, DigestingCopy.of(file, keepAlive));
    }
    return file;
  }

  @Override
  public Path openInput(UUID runId, String uri, String sha256, String localName, Runnable keepAlive) {
    return open(runId, uri, sha256, keepAlive);
  }

  @Override
  public boolean owns(String uri) {
    try {
      resolve(uri);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Only regular files are served: a link could lead out of the store, and the store writes no directories. */
  @Override
  public Optional<StoredFile> find(String uri) {
    Path file = resolve(uri);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LocalFile(file, Files.size(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  @Override
  public List<String> checkpoints(UUID runId) {
    try (Stream<Path> files = Files.list(workDirectory(runId))) {
      return files
          .filter(file -> CheckpointFiles.step(file.getFileName().toString()).isPresent())
          .sorted()
          .map(file -> file.toUri().toString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints of run " + runId, e);
    }
  }

  @Override
  public void release(UUID runId) {}

  /** The file behind a URI this store handed out; anything outside the root is refused. */
  Path resolve(String uri) {
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

  private record LocalFile(Path file, long size) implements StoredFile {
    @Override
    public void copyTo(OutputStream out, long offset, long length) throws IOException {
      try (FileChannel channel = FileChannel.open(file)) {
        WritableByteChannel target = Channels.newChannel(out);
        for (long copied = 0; copied < length; ) {
          long sent = channel.transferTo(offset + copied, length - copied, target);
          if (sent <= 0) {
            throw new EOFException(file + " ends before byte " + (offset + length));
          }
          copied += sent;
        }
      }
    }
  }
}
