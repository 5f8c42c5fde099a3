package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.ParameterShape;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.util.Arrays;

/**
 * A GPT shape the benchmarks train on the CPU, fp32, on the demo's generated corpus.
 *
 * @param defaultSteps how many steps {@code bench train} measures unless told
 */
record BenchModel(String name, ModelSpec model, int batchSize, int defaultSteps) {
  /** examples/demo.json's model and batch. */
  static final BenchModel DEMO = new BenchModel("demo-d64-l2", new ModelSpec(2, 64, 4, 64), 16, 200);
  static final BenchModel D384 = new BenchModel("d384-l6", new ModelSpec(6, 384, 6, 128), 16, 24);

  /**
   * A spec of {@code steps} steps with examples/demo.json's data and optimizer settings; evaluation and checkpoints
   * every {@code checkpointEvery} steps.
   */
  PretrainSpec spec(int steps, int checkpointEvery) {
    OptimizationSpec training = new OptimizationSpec(
        steps, batchSize, 0.003, Math.min(30, steps / 10), 0.1, 1.0, checkpointEvery, checkpointEvery, 1L);
    return new PretrainSpec(model, new DataSpec("g-text", 4000, 7L), training, "cpu");
  }

  /** Every weight, the tied embedding once. */
  long parameters() {
    GptConfig config = GptConfig.of(model, ByteTokenizer.VOCAB_SIZE);
    return Gpt.layout(config).stream().mapToLong(BenchModel::elements).sum();
  }

  long tokensPerStep() {
    return (long) batchSize * model.contextLength();
  }

  private static long elements(ParameterShape shape) {
    return Arrays.stream(shape.shape()).reduce(1, Math::multiplyExact);
  }
}
