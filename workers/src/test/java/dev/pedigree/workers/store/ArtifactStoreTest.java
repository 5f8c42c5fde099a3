package dev.pedigree.workers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  private static final Runnable NOTHING = () -> {};

  @TempDir Path root;

  @Test
  void theWorkDirectoryIsTheStoreAndOnlyUrisInsideItAreRead() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    UUID run = UUID.randomUUID();
    Path file = Files.writeString(store.workDirectory(run).resolve("model.safetensors"), "weights");
    String sha256 = DigestingCopy.of(file, NOTHING);

    String uri = store.publish(run, file, sha256, NOTHING);

    assertThat(uri).startsWith("file:");
    assertThat(store.open(run, uri, sha256, NOTHING)).isEqualTo(file);
    assertThatThrownBy(() -> store.open(run, root.resolve("../etc/passwd").toUri().toString(), null, NOTHING))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> store.open(run, "http://example.com/model.safetensors", null, NOTHING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.publish(run, Path.of("/tmp/elsewhere"), sha256, NOTHING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoredFileIsServedByRangeAndNothingOutsideTheStoreIs() throws Exception {
    Path outside = Files.writeString(Files.createTempFile("outside", ".txt"), "secret");
    LocalArtifactStore store = new LocalArtifactStore(root);
    UUID run = UUID.randomUUID();
    Path file = Files.writeString(store.workDirectory(run).resolve("model.safetensors"), "0123456789");
    String uri = store.publish(run, file, DigestingCopy.of(file, NOTHING), NOTHING);
    Path link = Files.createSymbolicLink(store.workDirectory(run).resolve("link.safetensors"), outside);

    StoredFile stored = store.find(uri).orElseThrow();
    ByteArrayOutputStream slice = new ByteArrayOutputStream();
    stored.copyTo(slice, 3, 4);

    assertThat(stored.size()).isEqualTo(10);
    assertThat(slice.toString(StandardCharsets.UTF_8)).isEqualTo("3456");
    assertThat(store.owns(uri)).isTrue();
    assertThat(store.owns(outside.toUri().toString())).isFalse();
    assertThat(store.owns("generated:g-text/0123456789abcdef")).isFalse();
    assertThat(store.find(link.toUri().toString())).isEmpty();
    assertThat(store.find(store.workDirectory(run).toUri().toString())).isEmpty();
    assertThatThrownBy(() -> store.find(outside.toUri().toString())).isInstanceOf(IllegalArgumentException.class);
    Files.delete(file);
    assertThat(store.find(uri)).isEmpty();
    Files.delete(outside);
  }

  @Test
  void aFileThatNoLongerMatchesItsDigestIsCorrupt() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    UUID run = UUID.randomUUID();
    Path file = Files.writeString(store.workDirectory(run).resolve("ckpt-00000010.safetensors"), "weights");
    String uri = store.publish(run, file, DigestingCopy.of(file, NOTHING), NOTHING);
    String sha256 = DigestingCopy.of(file, NOTHING);

    Files.writeString(file, "weightz");

    assertThatThrownBy(() -> store.open(run, uri, sha256, NOTHING))
        .isInstanceOf(CorruptArtifactException.class).hasMessageContaining(sha256);
  }

  @Test
  void checkpointsAreTheCompleteOnesInStepOrder() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    UUID run = UUID.randomUUID();
    Path directory = store.workDirectory(run);
    assertThat(store.checkpoints(run)).isEmpty();

    Files.writeString(directory.resolve("ckpt-00000050.safetensors"), "a");
    Files.writeString(directory.resolve("ckpt-00000100.safetensors"), "b");
    Files.writeString(directory.resolve(".ckpt-00000150.safetensors.tmp"), "partial");
    Files.writeString(directory.resolve("model.safetensors"), "m");

    assertThat(store.checkpoints(run)).containsExactly(directory.resolve("ckpt-00000050.safetensors").toUri().toString(),
        directory.resolve("ckpt-00000100.safetensors").toUri().toString());
  }

  @Test
  void locationsPickTheStore() {
    Path cache = root.resolve("cache");
    S3Settings s3 = new S3Settings("http://127.0.0.1:9", "us-east-1");
    assertThat(ArtifactStore.at(root.toUri().toString(), s3, cache)).isInstanceOf(LocalArtifactStore.class);
    assertThat(ArtifactStore.at(root.toString(), s3, cache)).isInstanceOf(LocalArtifactStore.class);
    assertThat(ArtifactStore.at("s3://bucket/prefix", s3, cache)).isInstanceOf(S3ArtifactStore.class);
    assertThatThrownBy(() -> ArtifactStore.at("gs://bucket/prefix", s3, cache))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not supported");
  }
}
