package dev.pedigree.workers.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible bucket as the artifact store. Runs work in a local cache directory, {@code <cache>/runs/<runId>/};
 * each published file is uploaded to {@code prefix/runs/<runId>/<file>} with its sha256 in the object's metadata, and
 * downloads are checked against both that and the digest the caller recorded.
 */
public final class S3ArtifactStore implements ArtifactStore {
  private static final Logger log = LoggerFactory.getLogger(S3ArtifactStore.class);
  static final String SHA256_METADATA = "sha256";

  private final S3Client s3;
  private final S3Location root;
  private final Path cache;

  S3ArtifactStore(S3Client s3, S3Location root, Path cache) {
    this.s3 = s3;
    this.root = root;
    this.cache = cache.toAbsolutePath().normalize();
  }

  /** A client for AWS S3, or for the given endpoint path-style. */
  public static S3Client client(S3Settings settings) {
    S3ClientBuilder builder = S3Client.builder().region(Region.of(settings.region()));
    if (!settings.endpoint().isEmpty()) {
      builder
          .endpointOverride(URI.create(settings.endpoint()))
          .forcePathStyle(true)
          // Not every S3-compatible server takes the SDK's streamed default checksums; our sha256 covers the bytes.
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  @Override
  public Path workDirectory(UUID runId) {
    Path directory = runCache(runId);
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create work directory " + directory, e);
    }
  }

  @Override
  public String publish(UUID runId, Path file, String sha256, Runnable keepAlive) {
    Path normalized = file.toAbsolutePath().normalize();
    if (!normalized.getParent().equals(runCache(runId))) {
      throw new IllegalArgumentException(file + " is not in the work directory of run " + runId);
    }
    String name = normalized.getFileName().toString();
    String key = root.key(runId, name);
    Map<String, String> metadata = Map.of(SHA256_METADATA, sha256);
    try {
      if (Files.size(normalized) <= MultipartUpload.PART_BYTES) {
        s3.putObject(
            request -> request.bucket(root.bucket()).key(key).metadata(metadata), RequestBody.fromFile(normalized));
      } else {
        MultipartUpload.upload(s3, root.bucket(), key, normalized, metadata, keepAlive);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot upload " + file, e);
    }
    CheckpointFiles.step(name).ifPresent(step -> retainNewest(runId, step));
    return root.uri(key);
  }

  @Override
  public Path open(UUID runId, String uri, String sha256, Runnable keepAlive) {
    String key = root.keyOf(uri);
    return download(uri, key, sha256, workDirectory(runId).resolve(key.substring(key.lastIndexOf('/') + 1)), keepAlive);
  }

  @Override
  public Path openInput(UUID runId, String uri, String sha256, String localName, Runnable keepAlive) {
    Path inputs = workDirectory(runId).resolve("inputs");
    try {
      Files.createDirectories(inputs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + inputs, e);
    }
    return download(uri, root.keyOf(uri), sha256, inputs.resolve(localName), keepAlive);
  }

  private Path download(String uri, String key, String sha256, Path target, Runnable keepAlive) {
    // A retry on the same worker finds the checkpoint it wrote still in its cache.
    if (sha256 != null && Files.isRegularFile(target) && DigestingCopy.of(target, keepAlive).equalsIgnoreCase(sha256)) {
      return target;
    }
    // The engine sweeps leftover ".<name>.tmp" files from its work directory.
    Path partial = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request -> request.bucket(root.bucket()).key(key));
        OutputStream out = Files.newOutputStream(partial)) {
      String actual = DigestingCopy.copy(in, out, keepAlive);
      String recorded = in.response().metadata().get(SHA256_METADATA);
      if (recorded != null) {
        DigestingCopy.verify(uri, recorded, actual);
      }
      if (sha256 != null) {
        DigestingCopy.verify(uri, sha256, actual);
      }
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new UncheckedIOException("cannot download " + uri, e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
    try {
      return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + partial + " into place", e);
    }
  }

  @Override
  public boolean owns(String uri) {
    try {
      root.keyOf(uri);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Optional<StoredFile> find(String uri) {
    String key = root.keyOf(uri);
    try {
      HeadObjectResponse head = s3.headObject(request -> request.bucket(root.bucket()).key(key));
      return Optional.of(new S3File(key, head.contentLength()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private final class S3File implements StoredFile {
    private final String key;
    private final long size;

    private S3File(String key, long size) {
      this.key = key;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public void copyTo(OutputStream out, long offset, long length) throws IOException {
      if (length == 0) {
        return;
      }
      String range = "bytes=" + offset + "-" + (offset + length - 1);
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(request -> request.bucket(root.bucket()).key(key).range(range))) {
        if (in.response().contentLength() != length) {
          throw new IOException("s3 answered " + in.response().contentLength() + " bytes for " + range + " of " + key);
        }
        in.transferTo(out);
      }
    }
  }

  @Override
  public List<String> checkpoints(UUID runId) {
    return checkpointKeys(runId).stream().sorted().map(root::uri).toList();
  }

  @Override
  public void release(UUID runId) {
    Path directory = runCache(runId);
    if (!Files.exists(directory)) {
      return;
    }
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      log.warn("cannot clear the work directory {}: {}", directory, e.toString());
    }
  }

  /**
   * Keeps the newest checkpoints up to {@code newestStep}, as the engine does in its work directory; checkpoints past
   * it come from an attempt that got further without naming them in a heartbeat, and this attempt rewrites them.
   */
  private void retainNewest(UUID runId, long newestStep) {
    List<String> keys = checkpointKeys(runId);
    List<String> kept = keys.stream().filter(key -> stepOf(key) <= newestStep).sorted().toList();
    keys.stream().filter(key -> stepOf(key) > newestStep).forEach(this::delete);
    kept.subList(0, Math.max(0, kept.size() - CheckpointFiles.RETAINED)).forEach(this::delete);
  }

  private List<String> checkpointKeys(UUID runId) {
    String prefix = root.runPrefix(runId);
    return s3.listObjectsV2Paginator(request -> request.bucket(root.bucket()).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .filter(key -> CheckpointFiles.step(key.substring(prefix.length())).isPresent())
        .toList();
  }

  private static long stepOf(String key) {
    return CheckpointFiles.step(key.substring(key.lastIndexOf('/') + 1)).orElseThrow();
  }

  private void delete(String key) {
    s3.deleteObject(request -> request.bucket(root.bucket()).key(key));
  }

  private Path runCache(UUID runId) {
    return cache.resolve("runs").resolve(runId.toString());
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The engine sweeps leftover temporary files on its next checkpoint.
    }
  }
}
