package dev.pedigree.workers.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  private static Gpt model(long seed) {
    return Gpt.initialize(CONFIG, seed, cpu());
  }

  private static Device cpu() {
    return TorchRuntime.device("cpu");
  }
}
