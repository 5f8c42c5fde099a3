package dev.pedigree.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.randint;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.tensor;
import static org.bytedeco.pytorch.global.torch.zeros;

import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CUDA cross-entropy kernel against libtorch's own operations, and a GPT's training loss with it against
 * autograd's, on a GPU ({@code ./mvnw -Pgpu verify -Dsurefire.excludedGroups= -Dgroups=gpu}, or through the GPU kit:
 * BENCHMARKS.md §6).
 */
@Tag("gpu")
class FusedCrossEntropyGpuTest {
  private static final int VOCAB = 50_257;
  private static final Device CUDA = new Device("cuda");

  @BeforeAll
  static void cuda() {
    assertThat(TorchRuntime.device("cuda").is_cuda()).as("a CUDA device").isTrue();
  }

  @AfterEach
  void clearSetting() {
    System.clearProperty(TorchRuntime.LOSS_PROPERTY);
  }

  @Test
  void theKernelMatchesLibtorchOnGpt2SizedRows() {
    try (PointerScope scope = new PointerScope()) {
      int tokens = 96;
      int rows = new GptConfig(1, 64, 4, 8, VOCAB).alignedEmbeddings().embeddingRows();
      Tensor logits = randn(new long[] {tokens, rows}, new GeneratorOptional(make_generator_cpu(11)),
          Tensors.options(ScalarType.Float, new Device("cpu"))).mul(new Scalar(4.0)).to(CUDA, ScalarType.BFloat16);
      Tensor targets = randint(VOCAB, new long[] {tokens}, new GeneratorOptional(make_generator_cpu(12)),
          Tensors.options(ScalarType.Long, new Device("cpu"))).to(CUDA, ScalarType.Long);
      targets.narrow(0, 0, 4).copy_(tensor(0L, VOCAB - 1L, Gpt.IGNORED_TARGET, 7L));
      Tensor kernelLogits = logits.clone();
      Tensor referenceLogits = logits.clone();
      Tensor kernelLosses = losses(tokens);
      Tensor referenceLosses = losses(tokens);

      CudaCrossEntropyRows kernel = new CudaCrossEntropyRows();
      kernel.apply(kernelLogits, targets, kernelLosses, VOCAB, false);
      assertThat(kernelLogits.equal(logits)).as("logits untouched without gradients").isTrue();
      kernel.apply(kernelLogits, targets, kernelLosses, VOCAB, true);
      new ReferenceCrossEntropyRows().apply(referenceLogits, targets, referenceLosses, VOCAB, true);

      assertThat(kernelLosses.sub(referenceLosses).abs().max().item_double()).isLessThan(1e-3);
      assertThat(kernelLosses.select(0, 2).item_double()).isZero();
      assertThat(kernelLogits.select(0, 2).abs().max().item_double()).isZero();
      assertThat(kernelLogits.narrow(1, VOCAB, rows - VOCAB).abs().max().item_double()).isZero();
      Tensor gradientError = kernelLogits.to(ScalarType.Float).sub(referenceLogits.to(ScalarType.Float)).abs();
      assertThat(gradientError.max().item_double()).as("bf16 rounding of values up to 1").isLessThan(8e-3);
      assertThat(kernelLogits.to(ScalarType.Float).sum(1).abs().max().item_double())
          .as("each row's gradient sums to 0").isLessThan(0.05);
    }
  }

  /** fp32 weights under autocast, and bf16 weights over fp32 masters ({@code PEDIGREE_TORCH_PRECISION=bf16}). */
  @ParameterizedTest(name = "{0} weights")
  @ValueSource(strings = {"Float", "BFloat16"})
  void aGptTrainsOnTheFusedLossAsOnAutograds(String weightType) {
    GptConfig config = new GptConfig(2, 64, 4, 32, 300).alignedEmbeddings();
    Gpt model = Gpt.initialize(config, 3, CUDA, ScalarType.valueOf(weightType));
    try (PointerScope scope = new PointerScope()) {
      Tensor tokens = randint(300, new long[] {8, 32}, new GeneratorOptional(make_generator_cpu(13)),
          Tensors.options(ScalarType.Long, new Device("cpu"))).to(CUDA, ScalarType.Long);
      Tensor targets = tokens.roll(new long[] {-1}, new long[] {1});
      Map<String, Tensor> autograd = gradients(model, tokens, targets, "autograd");
      Map<String, Tensor> fused = gradients(model, tokens, targets, "fused");
      assertThat(fused.get("loss").item_double()).isCloseTo(autograd.get("loss").item_double(), within(2e-3));
      for (String name : model.parameters().byName().keySet()) {
        Tensor expected = autograd.get(name);
        double relative = fused.get(name).sub(expected).norm().item_double() / expected.norm().item_double();
        assertThat(relative).as(name).isLessThan(0.02);
      }
    }
  }

  private static Map<String, Tensor> gradients(Gpt model, Tensor tokens, Tensor targets, String loss) {
    System.setProperty(TorchRuntime.LOSS_PROPERTY, loss);
    model.parameters().zeroGrads();
    Tensor value;
    try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
      value = model.loss(tokens, targets);
    }
    value.backward();
    Map<String, Tensor> gradients = new HashMap<>();
    model.parameters().viewsOf(model.parameters().grads()).forEach((name, grad) -> gradients.put(name, grad.clone()));
    gradients.put("loss", value.detach().clone());
    return gradients;
  }

  private static Tensor losses(int tokens) {
    return zeros(new long[] {tokens}, Tensors.options(ScalarType.Float, CUDA));
  }
}
