package dev.pedigree.workers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  @TempDir Path root;

  @Test
  void resolvesOnlyUrisInsideTheStore() {
    ArtifactStore store = new ArtifactStore(root);
    Path file = store.runDirectory(UUID.randomUUID()).resolve("model.safetensors");

    assertThat(store.resolve(store.uriOf(file))).isEqualTo(file);
    assertThatThrownBy(() -> store.resolve(root.resolve("../etc/passwd").toUri().toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> store.resolve("http://example.com/model.safetensors"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.uriOf(Path.of("/tmp/elsewhere")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void latestCheckpointIsTheHighestCompleteOne() throws Exception {
    ArtifactStore store = new ArtifactStore(root);
    UUID run = UUID.randomUUID();
    Path directory = store.runDirectory(run);
    assertThat(store.latestCheckpoint(run)).isEmpty();

    Files.writeString(directory.resolve("ckpt-00000050.safetensors"), "a");
    Files.writeString(directory.resolve("ckpt-00000100.safetensors"), "b");
    Files.writeString(directory.resolve("ckpt-00000150.safetensors.tmp"), "partial");
    Files.writeString(directory.resolve("model.safetensors"), "m");

    assertThat(store.latestCheckpoint(run)).contains(directory.resolve("ckpt-00000100.safetensors"));
  }

  @Test
  void objectStoreLocationsAreRefusedPlainly() {
    assertThatThrownBy(() -> ArtifactStore.at("s3://bucket/prefix"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not supported");
    assertThat(ArtifactStore.at(root.toUri().toString()).uriOf(root.resolve("x"))).startsWith("file:");
    assertThat(ArtifactStore.at(root.toString()).uriOf(root.resolve("x"))).startsWith("file:");
  }
}
