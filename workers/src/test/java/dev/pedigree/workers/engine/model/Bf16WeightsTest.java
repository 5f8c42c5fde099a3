package dev.pedigree.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.randint;

import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.sampling.Completion;
import dev.pedigree.workers.engine.sampling.Sampler;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workflows.spec.ModelSpec;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** A model computing with bf16 weights over fp32 master weights, gradient sums and optimizer state, on the CPU. */
class Bf16WeightsTest {
  private static final Device CPU = new Device("cpu");
  /** Rotary, untied, with padding embedding rows: every place a dtype could slip. */
  private static final GptConfig CONFIG = GptConfig.of(new ModelSpec(2, 32, 4, 16, false, "rotary"), 250);

  @Test
  void theModelComputesWithBf16CopiesOfItsFp32MasterWeights() {
    Gpt fp32 = Gpt.initialize(CONFIG, 3, CPU);
    Gpt bf16 = Gpt.initialize(CONFIG, 3, CPU, ScalarType.BFloat16);
    Parameters parameters = bf16.parameters();

    assertThat(parameters.values().scalar_type().intern()).isEqualTo(ScalarType.Float);
    assertThat(parameters.values().equal(fp32.parameters().values())).as("the same fp32 initialization").isTrue();
    assertThat(parameters.byName().values()).allSatisfy(weight ->
        assertThat(weight.scalar_type().intern()).isEqualTo(ScalarType.BFloat16));
    assertThat(parameters.workingType()).isEqualTo(ScalarType.BFloat16);
    assertWorkingFollowsMaster(parameters);

    Tensor[] batch = batch(11);
    bf16.loss(batch[0], batch[1]).backward();
    fp32.loss(batch[0], batch[1]).backward();
    Tensor grads = parameters.grads();
    assertThat(grads.scalar_type().intern()).isEqualTo(ScalarType.Float);
    double relative = grads.sub(fp32.parameters().grads()).norm().item_double()
        / fp32.parameters().grads().norm().item_double();
    assertThat(relative).as("bf16 gradients against fp32 ones").isBetween(1e-4, 0.05);

    Tensor before = parameters.values().clone();
    new AdamW(parameters, 0.1).step(1e-2);
    assertThat(parameters.values().equal(before)).as("the master weights moved").isFalse();
    assertWorkingFollowsMaster(parameters);
  }

  @Test
  void gradientsOfSeveralBackwardPassesAreSummedInFp32() {
    Gpt model = Gpt.initialize(CONFIG, 4, CPU, ScalarType.BFloat16);
    Parameters parameters = model.parameters();
    Tensor[] first = batch(21);
    Tensor[] second = batch(22);
    Tensor firstGrads = gradients(model, first);
    Tensor secondGrads = gradients(model, second);

    parameters.zeroGrads();
    model.loss(first[0], first[1]).backward();
    parameters.accumulateGrads();
    model.loss(second[0], second[1]).backward();
    Tensor summed = parameters.grads();

    assertThat(summed.equal(firstGrads.add(secondGrads))).as("the exact fp32 sum").isTrue();
    Tensor summedInBf16 = firstGrads.to(ScalarType.BFloat16).add(secondGrads.to(ScalarType.BFloat16))
        .to(ScalarType.Float);
    assertThat(summed.equal(summedInBf16)).as("which bf16 accumulation would have rounded").isFalse();
  }

  @Test
  void logitsAreFp32AndSamplingWithACacheRunsInBf16() {
    Gpt fp32 = Gpt.initialize(CONFIG, 5, CPU);
    Gpt bf16 = Gpt.initialize(CONFIG, 5, CPU, ScalarType.BFloat16);
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Tensor tokens = batch(31)[0];
      Tensor logits = Gpt.logits(CONFIG, bf16.parameters().byName(), tokens);
      Tensor reference = Gpt.logits(CONFIG, fp32.parameters().byName(), tokens);
      assertThat(logits.scalar_type().intern()).isEqualTo(ScalarType.Float);
      assertThat(logits.size(2)).isEqualTo(250);
      assertThat(logits.sub(reference).abs().max().item_double()).isBetween(1e-4, 0.1);
    }
    SamplingOptions greedy = SamplingOptions.greedy(6);
    List<int[]> prompts = List.of(new int[] {5, 6, 7}, new int[] {8, 9});
    List<Completion> cached = new Sampler(CONFIG, bf16.parameters().byName())
        .generate(prompts, greedy.withKvCache(true), SamplingRandom.seeded(1));
    List<Completion> recomputed = new Sampler(CONFIG, bf16.parameters().byName())
        .generate(prompts, greedy.withKvCache(false), SamplingRandom.seeded(1));
    for (int row = 0; row < 2; row++) {
      assertThat(Arrays.stream(cached.get(row).tokens()).boxed().toList()).hasSize(6).allSatisfy(token ->
          assertThat(token).isBetween(0, 249));
      // The first token comes from the whole prompt either way; later ones from differently shaped bf16 matmuls.
      assertThat(cached.get(row).tokens()[0]).isEqualTo(recomputed.get(row).tokens()[0]);
    }
  }

  private static void assertWorkingFollowsMaster(Parameters parameters) {
    parameters.viewsOf(parameters.values()).forEach((name, master) ->
        assertThat(parameters.get(name).equal(master.to(ScalarType.BFloat16))).as(name).isTrue());
  }

  private static Tensor gradients(Gpt model, Tensor[] batch) {
    model.parameters().zeroGrads();
    model.loss(batch[0], batch[1]).backward();
    return model.parameters().grads().clone();
  }

  /** Inputs and targets {@code (4, 16)} drawn from {@code seed}. */
  private static Tensor[] batch(long seed) {
    Tensor data = randint(250, new long[] {4, 17}, new GeneratorOptional(make_generator_cpu(seed)),
        Tensors.options(ScalarType.Long, CPU));
    return new Tensor[] {data.narrow(1, 0, 16), data.narrow(1, 1, 16)};
  }
}
