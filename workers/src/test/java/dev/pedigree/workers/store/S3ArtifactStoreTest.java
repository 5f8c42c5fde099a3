package dev.pedigree.workers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 store against a real S3 server, in process and in memory. */
class S3ArtifactStoreTest {
  private static final Runnable NOTHING = () -> {};
  private static final String BUCKET = "artifacts";

  private static LocalS3 server;
  private static S3Client s3;

  @TempDir Path home;

  @BeforeAll
  static void startServer() throws IOException {
    server = LocalS3.builder().port(freePort()).mode(LocalS3Mode.IN_MEMORY).build();
    server.start();
    // The store takes its keys from the SDK's default chain, which reads these first.
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test-secret");
    s3 = S3ArtifactStore.client(new S3Settings("http://127.0.0.1:" + server.getPort(), "eu-west-1"));
    s3.createBucket(request -> request.bucket(BUCKET));
  }

  @AfterAll
  static void stopServer() {
    server.shutdown();
    s3.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void aPublishedCheckpointIsDownloadedAndVerifiedByAnotherWorker() throws Exception {
    UUID run = UUID.randomUUID();
    S3ArtifactStore writer = store("team/pedigree", "writer");
    Path checkpoint = write(writer.workDirectory(run).resolve("ckpt-00000100.safetensors"), 1000);
    String sha256 = DigestingCopy.of(checkpoint, NOTHING);

    String uri = writer.publish(run, checkpoint, sha256, NOTHING);

    assertThat(uri).isEqualTo("s3://" + BUCKET + "/team/pedigree/runs/" + run + "/ckpt-00000100.safetensors");
    S3ArtifactStore reader = store("team/pedigree", "reader");
    Path downloaded = reader.open(run, uri, sha256, NOTHING);
    assertThat(downloaded).startsWith(home.resolve("reader")).hasSameBinaryContentAs(checkpoint);
  }

  @Test
  void largeFilesGoUpInPartsWhileTheCallerKeepsHeartbeating() throws Exception {
    UUID run = UUID.randomUUID();
    S3ArtifactStore store = store("big", "writer");
    Path model = write(store.workDirectory(run).resolve("model.safetensors"), MultipartUpload.PART_BYTES + 1_000_000);
    String sha256 = DigestingCopy.of(model, NOTHING);
    int[] heartbeats = {0};

    String uri = store.publish(run, model, sha256, () -> heartbeats[0]++);

    assertThat(heartbeats[0]).isPositive();
    assertThat(object("big/runs/" + run + "/model.safetensors").size()).isEqualTo(Files.size(model));
    assertThat(store("big", "reader").open(run, uri, sha256, NOTHING)).hasSameBinaryContentAs(model);
  }

  @Test
  void checkpointsAreFoundByListingAndOldOnesArePrunedLikeTheEngineDoes() throws Exception {
    UUID run = UUID.randomUUID();
    S3ArtifactStore store = store("", "writer");
    assertThat(store.checkpoints(run)).isEmpty();
    for (long step : new long[] {10, 20, 30, 40, 50}) {
      publish(store, run, String.format("ckpt-%08d.safetensors", step));
    }
    publish(store, run, "model.safetensors");

    assertThat(store.checkpoints(run)).last().isEqualTo("s3://" + BUCKET + "/runs/" + run + "/ckpt-00000050.safetensors");
    assertThat(names(run)).containsExactly(
        "ckpt-00000030.safetensors", "ckpt-00000040.safetensors", "ckpt-00000050.safetensors", "model.safetensors");

    // A retry that resumed from step 30 rewrites step 40: the other attempt's step 50 goes.
    publish(store, run, "ckpt-00000040.safetensors");
    assertThat(store.checkpoints(run)).last().isEqualTo("s3://" + BUCKET + "/runs/" + run + "/ckpt-00000040.safetensors");
    assertThat(names(run)).containsExactly(
        "ckpt-00000030.safetensors", "ckpt-00000040.safetensors", "model.safetensors");
  }

  @Test
  void corruptBytesAreDetectedOnRead() throws Exception {
    UUID run = UUID.randomUUID();
    S3ArtifactStore store = store("p", "writer");
    Path checkpoint = write(store.workDirectory(run).resolve("ckpt-00000010.safetensors"), 4096);
    String sha256 = DigestingCopy.of(checkpoint, NOTHING);
    String uri = store.publish(run, checkpoint, sha256, NOTHING);
    S3ArtifactStore reader = store("p", "reader");

    assertThatThrownBy(() -> reader.open(run, uri, "0".repeat(64), NOTHING))
        .isInstanceOf(CorruptArtifactException.class).hasMessageContaining(uri);

    byte[] flipped = Files.readAllBytes(checkpoint);
    flipped[2048] ^= 1;
    s3.putObject(request -> request.bucket(BUCKET).key("p/runs/" + run + "/ckpt-00000010.safetensors")
        .metadata(Map.of("sha256", sha256)), RequestBody.fromBytes(flipped));

    assertThatThrownBy(() -> reader.open(run, uri, sha256, NOTHING)).isInstanceOf(CorruptArtifactException.class);
    // Without a digest of its own (the no-heartbeat fallback) the reader checks the one stored with the object.
    assertThatThrownBy(() -> reader.open(run, uri, null, NOTHING)).isInstanceOf(CorruptArtifactException.class);
    try (var files = Files.list(reader.workDirectory(run))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aRetryOnTheSameWorkerUsesItsCachedCopyWhenItsDigestMatches() throws Exception {
    UUID run = UUID.randomUUID();
    S3ArtifactStore store = store("p", "writer");
    Path checkpoint = write(store.workDirectory(run).resolve("ckpt-00000010.safetensors"), 4096);
    String sha256 = DigestingCopy.of(checkpoint, NOTHING);
    String uri = store.publish(run, checkpoint, sha256, NOTHING);
    s3.deleteObject(request -> request.bucket(BUCKET).key("p/runs/" + run + "/ckpt-00000010.safetensors"));

    assertThat(store.open(run, uri, sha256, NOTHING)).isEqualTo(checkpoint);

    store.release(run);
    assertThat(checkpoint.getParent()).doesNotExist();
  }

  @Test
  void aPublishedFileIsServedByRangeWithoutTheWorkCache() throws Exception {
    UUID run = UUID.randomUUID();
    S3ArtifactStore writer = store("served", "writer");
    Path model = write(writer.workDirectory(run).resolve("model.safetensors"), 5000);
    String uri = writer.publish(run, model, DigestingCopy.of(model, NOTHING), NOTHING);
    S3ArtifactStore platform = store("served", "platform");

    StoredFile stored = platform.find(uri).orElseThrow();
    ByteArrayOutputStream slice = new ByteArrayOutputStream();
    stored.copyTo(slice, 1000, 2500);

    assertThat(stored.size()).isEqualTo(5000);
    byte[] bytes = Files.readAllBytes(model);
    assertThat(slice.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 3500));
    assertThat(home.resolve("platform")).doesNotExist();
    assertThat(platform.owns(uri)).isTrue();
    assertThat(platform.owns("s3://" + BUCKET + "/elsewhere/runs/" + run + "/model.safetensors")).isFalse();
    assertThat(platform.find(uri.replace("model.safetensors", "gone.safetensors"))).isEmpty();
  }

  @Test
  void onlyUrisInsideTheBucketAndPrefixAreRead() throws Exception {
    UUID run = UUID.randomUUID();
    S3ArtifactStore store = store("team/pedigree", "writer");
    String inside = "s3://" + BUCKET + "/team/pedigree/runs/" + run + "/";
    List<String> outside = List.of(
        "s3://other-bucket/team/pedigree/runs/" + run + "/ckpt-00000010.safetensors",
        "s3://" + BUCKET + "/team/other/runs/" + run + "/ckpt-00000010.safetensors",
        inside + "../../../secrets",
        inside + "%2e%2e/x",
        inside + "a%2Fb",
        inside + "..",
        inside + ".hidden",
        inside + "ckpt-00000010.safetensors?versionId=1",
        "s3://" + BUCKET + "/team/pedigree/runs/not-a-uuid/ckpt-00000010.safetensors",
        "file:///etc/passwd");
    for (String uri : outside) {
      assertThatThrownBy(() -> store.open(run, uri, null, NOTHING)).as(uri)
          .isInstanceOf(IllegalArgumentException.class);
    }
    Path elsewhere = write(home.resolve("elsewhere.safetensors"), 10);
    assertThatThrownBy(() -> store.publish(run, elsewhere, "x", NOTHING)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3Location.parse("s3://bucket/a/../b")).isInstanceOf(IllegalArgumentException.class);
    assertThat(S3Location.parse("s3://bucket//a/b/")).isEqualTo(new S3Location("bucket", "a/b/"));
    assertThat(S3Location.parse("s3://bucket")).isEqualTo(new S3Location("bucket", ""));
  }

  /** LocalS3 reports port 0 back when asked to pick one, so pick it here. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private S3ArtifactStore store(String prefix, String worker) {
    return new S3ArtifactStore(s3, S3Location.parse("s3://" + BUCKET + "/" + prefix), home.resolve(worker));
  }

  private void publish(S3ArtifactStore store, UUID run, String name) throws IOException {
    Path file = write(store.workDirectory(run).resolve(name), 16);
    store.publish(run, file, DigestingCopy.of(file, NOTHING), NOTHING);
  }

  private static Path write(Path file, long bytes) throws IOException {
    Random random = new Random(bytes);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return file;
  }

  private static S3Object object(String key) {
    return s3.listObjectsV2(request -> request.bucket(BUCKET).prefix(key)).contents().get(0);
  }

  private static List<String> names(UUID run) {
    String prefix = "runs/" + run + "/";
    return s3.listObjectsV2(request -> request.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(object -> object.key().substring(prefix.length())).sorted().toList();
  }
}
