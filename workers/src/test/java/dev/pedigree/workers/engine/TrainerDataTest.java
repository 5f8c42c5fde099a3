package dev.pedigree.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.tokenizer.TokenizerJson;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer with a BPE tokenizer and a task generator: vocabulary, bits per byte and task accuracy. */
class TrainerDataTest {
  @TempDir Path directory;

  @Test
  void trainsOnBpeTokensAndReportsTaskAccuracy() throws IOException {
    PretrainSpec spec = new PretrainSpec(
        new ModelSpec(1, 32, 4, 32),
        new DataSpec("g-arith", 400, 7L, "bpe", 300, null, null),
        new OptimizationSpec(4, 4, 3e-3, 1, 0.1, 1.0, 2, 4, 1L),
        "cpu");
    List<EvalMetrics> evals = new ArrayList<>();
    List<String> accuracies = new ArrayList<>();
    Path workDir = directory.resolve("run");
    TrainingSummary summary = new Trainer(spec, workDir).run(Optional.empty(), new TrainingListener() {
      @Override
      public void onEval(EvalMetrics metrics) {
        evals.add(metrics);
      }

      @Override
      public void onTaskEval(long step, String task, double accuracy) {
        assertThat(accuracy).isBetween(0.0, 1.0);
        accuracies.add(step + ":" + task);
      }
    }, StopSignal.NEVER);

    assertThat(accuracies).containsExactly("2:arith", "4:arith");
    Path tokenizer = workDir.resolve(TokenizerJson.FILE_NAME);
    int vocabSize = TokenizerJson.load(tokenizer).vocabSize();
    assertThat(vocabSize).isGreaterThan(256).isLessThanOrEqualTo(300);
    assertThat(Sha256.ofFile(tokenizer)).isEqualTo(TokenizerJson.load(tokenizer).sha256());
    // The embedding rows are padded to a multiple of 64; the file says which of them are tokens.
    try (SafeTensorsReader model = SafeTensorsReader.open(summary.model())) {
      assertThat(model.tensor("wte.weight").shape()).containsExactly((vocabSize + 63) / 64 * 64, 32);
    }
    assertThat(ModelFiles.header(summary.model()).config().vocabSize()).isEqualTo(vocabSize);
    // Merged tokens stand for more than one byte, so a token's loss in bits spreads over more than one byte.
    EvalMetrics last = evals.get(evals.size() - 1);
    assertThat(last.valBitsPerByte()).isLessThan(last.valLoss() / Math.log(2) * 0.9)
        .isGreaterThan(last.valLoss() / Math.log(2) / 8);
    assertThat(last.valBitsPerByte()).isNotCloseTo(last.valLoss() / Math.log(2), within(1e-3));
  }
}
