package dev.pedigree.workers.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  private static final GptConfig CONFIG = new GptConfig(1, 16, 2, 8, 256);

  @TempDir Path directory;

  @Test
  void restoresWeightsOptimizerStateStepAndCursor() throws IOException {
    Gpt model = model(3);
    AdamW optimizer = new AdamW(model.parameters(), 0.1);
    model.parameters().grads().fill_(new Scalar(0.5));
    optimizer.step(1e-2);
    CheckpointInfo saved =
        new Checkpoints(directory, "{}").save(1, 40, model.parameters(), optimizer, Map.of("rng.position", "17"));

    Gpt other = model(4);
    AdamW otherOptimizer = new AdamW(other.parameters(), 0.1);
    ResumePoint resumed = Checkpoints.restore(saved.path(), other.parameters(), otherOptimizer);

    assertThat(resumed).isEqualTo(new ResumePoint(1, 40, Map.of("rng.position", "17")));
    assertThat(otherOptimizer.steps()).isEqualTo(1);
    assertThat(other.parameters().values().equal(model.parameters().values())).isTrue();
    assertThat(otherOptimizer.firstMoments().get("wte.weight").equal(optimizer.firstMoments().get("wte.weight")))
        .isTrue();
    assertThat(otherOptimizer.secondMoments().get("ln_f.bias").equal(optimizer.secondMoments().get("ln_f.bias")))
        .isTrue();
  }

  @Test
  void keepsTheNewestThreeAndDropsCheckpointsFromAFutureThatIsBeingRecomputed() throws IOException {
    Files.writeString(directory.resolve("ckpt-00000090.safetensors"), "stale");
    Files.writeString(directory.resolve(".ckpt-00000030.safetensors.tmp"), "torn");
    Gpt model = model(1);
    AdamW optimizer = new AdamW(model.parameters(), 0.1);
    Checkpoints checkpoints = new Checkpoints(directory, "{}");
    for (long step = 10; step <= 50; step += 10) {
      checkpoints.save(step, step, model.parameters(), optimizer);
    }
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactly(
          "ckpt-00000030.safetensors", "ckpt-00000040.safetensors", "ckpt-00000050.safetensors");
    }
  }

  @Test
  void refusesACheckpointOfAnotherShape() {
    Gpt model = model(1);
    AdamW optimizer = new AdamW(model.parameters(), 0.1);
    CheckpointInfo saved = new Checkpoints(directory, "{}").save(1, 0, model.parameters(), optimizer);

    Gpt wider = Gpt.initialize(new GptConfig(1, 32, 2, 8, 256), 1, cpu());
    assertThatThrownBy(() -> Checkpoints.restore(saved.path(), wider.parameters(), new AdamW(wider.parameters(), 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wte.weight");
  }

  @Test
  void aRunCheckpointedBeforeEmbeddingRowsWereAlignedResumesWithTheSameLoss() {
    GptConfig exact = new GptConfig(1, 16, 2, 8, 300);
    Gpt old = Gpt.initialize(exact, 3, cpu());
    AdamW optimizer = new AdamW(old.parameters(), 0.1);
    old.parameters().grads().fill_(new Scalar(0.5));
    optimizer.step(1e-2);
    CheckpointInfo saved = new Checkpoints(directory, "{}").save(1, 40, old.parameters(), optimizer);

    Gpt padded = Gpt.initialize(exact.alignedEmbeddings(), 4, cpu());
    AdamW paddedOptimizer = new AdamW(padded.parameters(), 0.1);
    ResumePoint resumed = Checkpoints.restore(saved.path(), padded.parameters(), paddedOptimizer);

    assertThat(resumed.dataCursor()).isEqualTo(40);
    Tensor embedding = padded.parameters().get("wte.weight");
    assertThat(embedding.size(0)).isEqualTo(320);
    assertThat(embedding.narrow(0, 0, 300).equal(old.parameters().get("wte.weight"))).isTrue();
    assertThat(padded.parameters().get("h.0.mlp.fc.weight").equal(old.parameters().get("h.0.mlp.fc.weight"))).isTrue();
    Tensor moments = paddedOptimizer.firstMoments().get("wte.weight");
    assertThat(moments.narrow(0, 0, 300).equal(optimizer.firstMoments().get("wte.weight"))).isTrue();
    assertThat(moments.narrow(0, 300, 20).abs().max().item_double()).isZero();
    Tensor tokens = tensor(1L, 299L, 5L, 17L, 298L, 0L, 42L, 7L).view(1, 8);
    Tensor targets = tensor(299L, 5L, 17L, 298L, 0L, 42L, 7L, 250L).view(1, 8);
    assertThat(padded.loss(tokens, targets).item_double()).isCloseTo(old.loss(tokens, targets).item_double(),
        within(1e-6));
  }

  @Test
  void refusesAnEmbeddingOfAnotherVocabularyEvenWhenItIsSmaller() {
    Gpt other = Gpt.initialize(new GptConfig(1, 16, 2, 8, 200), 1, cpu());
    CheckpointInfo saved =
        new Checkpoints(directory, "{}").save(1, 0, other.parameters(), new AdamW(other.parameters(), 0.1));

    Gpt padded = Gpt.initialize(new GptConfig(1, 16, 2, 8, 300).alignedEmbeddings(), 1, cpu());
    assertThatThrownBy(() -> Checkpoints.restore(saved.path(), padded.parameters(),
        new AdamW(padded.parameters(), 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wte.weight in the checkpoint is F32[200, 16], the model expects F32[320, 16]");
  }

  private static Gpt model(long seed) {
    return Gpt.initialize(CONFIG, seed, cpu());
  }

  private static Device cpu() {
    return TorchRuntime.device("cpu");
  }
}
