package dev.pedigree.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.bytedeco.pytorch.global.torch.cross_entropy;
import static org.bytedeco.pytorch.global.torch.cuda_is_available;
import static org.bytedeco.pytorch.global.torch.linear;
import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FusedCrossEntropyTest {
  private static final int TOKENS = 10;
  private static final int DIM = 12;
  private static final int VOCAB = 37;
  private static final int ROWS = 40;
  /** Rows 3 and 7 are skipped; the last target is the vocabulary's last token. */
  private static final long[] TARGETS = {5, 0, 36, Gpt.IGNORED_TARGET, 12, 12, 30, Gpt.IGNORED_TARGET, 1, 36};

  private final FusedCrossEntropy fused = new FusedCrossEntropy(new ReferenceCrossEntropyRows(), ScalarType.Float);

  @AfterEach
  void clearSetting() {
    System.clearProperty(TorchRuntime.LOSS_PROPERTY);
  }

  @Test
  void lossAndGradientsAreAutogradsWithPaddingRowsAndIgnoredTargets() {
    try (PointerScope scope = new PointerScope()) {
      Tensor targets = tensor(TARGETS);
      Tensor hidden = draw(1, TOKENS, DIM).requires_grad_(true);
      Tensor head = draw(2, ROWS, DIM).requires_grad_(true);
      // A scaled loss, as gradient accumulation makes it: the surrogate's gradients scale with it.
      Tensor loss = fused.loss(hidden, head, targets, VOCAB);
      loss.mul(new Scalar(0.25)).backward();
      Tensor fusedHidden = hidden.grad().clone();
      Tensor fusedHead = head.grad().clone();
      hidden.grad().zero_();
      head.grad().zero_();

      Tensor expected = cross_entropy(linear(hidden, head, new TensorOptional(paddingBias())), targets);
      expected.mul(new Scalar(0.25)).backward();

      assertThat(loss.item_double()).isCloseTo(expected.item_double(), within(1e-6));
      assertThat(maxDifference(fusedHidden, hidden.grad())).isLessThan(1e-7);
      assertThat(maxDifference(fusedHead, head.grad())).isLessThan(1e-7);
      assertThat(hidden.grad().abs().max().item_double()).isGreaterThan(1e-3);
      assertThat(fusedHead.narrow(0, VOCAB, ROWS - VOCAB).abs().max().item_double()).isZero();
      assertThat(fusedHidden.select(0, 3).abs().max().item_double()).isZero();
    }
  }

  @Test
  void gradientsReachWhatTheHeadIsComputedFrom() {
    try (PointerScope scope = new PointerScope()) {
      Tensor targets = tensor(TARGETS);
      Tensor hidden = draw(3, TOKENS, DIM);
      Tensor base = draw(4, ROWS, DIM);
      Tensor lambda = tensor(0.7f).requires_grad_(true);
      fused.loss(hidden, base.mul(lambda), targets, VOCAB).backward();
      double fusedLambda = lambda.grad().item_double();
      lambda.grad().zero_();
      cross_entropy(linear(hidden, base.mul(lambda), new TensorOptional(paddingBias())), targets).backward();
      assertThat(fusedLambda).isCloseTo(lambda.grad().item_double(), within(1e-6)).isNotZero();
    }
  }

  @Test
  void withoutGradientsOnlyTheLossIsComputed() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor targets = tensor(TARGETS);
      Tensor hidden = draw(5, TOKENS, DIM).requires_grad_(true);
      Tensor head = draw(6, ROWS, DIM).requires_grad_(true);
      Tensor loss = fused.loss(hidden, head, targets, VOCAB);
      Tensor expected = cross_entropy(linear(hidden, head, new TensorOptional(paddingBias())), targets);
      assertThat(loss.requires_grad()).isFalse();
      assertThat(loss.item_double()).isCloseTo(expected.item_double(), within(1e-6));
    }
  }

  @Test
  void theCpuKeepsAutogradsLossWhateverTheSetting() {
    System.setProperty(TorchRuntime.LOSS_PROPERTY, "fused");
    GptConfig config = new GptConfig(2, 16, 4, 8, 300).alignedEmbeddings();
    try (PointerScope scope = new PointerScope()) {
      Tensor hidden = draw(7, 2, 16);
      assertThat(FusedCrossEntropy.forTraining(hidden, config)).isEmpty();
    }
  }

  @Test
  void theKernelAcceptsBf16LogitsInt64TargetsAndFp32LossesOnly() {
    try (PointerScope scope = new PointerScope()) {
      Tensor logits = draw(8, 3, 16).to(ScalarType.BFloat16);
      Tensor targets = tensor(1L, 2L, 3L);
      Tensor losses = draw(9, 3, 1).view(3);
      CudaCrossEntropyRows.checkArguments(logits, targets, losses, 13);
      assertThatThrownBy(() -> CudaCrossEntropyRows.checkArguments(logits.to(ScalarType.Float), targets, losses, 13))
          .hasMessageContaining("bf16 logits with a multiple of 8 columns");
      assertThatThrownBy(() -> CudaCrossEntropyRows.checkArguments(logits.narrow(1, 0, 12), targets, losses, 12))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> CudaCrossEntropyRows.checkArguments(logits, targets, losses, 17))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> CudaCrossEntropyRows.checkArguments(logits, targets.to(ScalarType.Int), losses, 13))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aMachineThatCannotBuildTheKernelIsToldHowToTrainWithout() {
    TorchRuntime.initialize();
    assumeFalse(cuda_is_available(), "this machine can build the kernel");
    assertThatThrownBy(FusedCrossEntropy::onCuda)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the fused cross-entropy kernel could not be built on this machine (")
        .hasMessageEndingWith("set PEDIGREE_TORCH_LOSS=autograd to train with libtorch's cross-entropy instead");
  }

  private static Tensor draw(long seed, long rows, long columns) {
    TorchRuntime.initialize();
    return randn(new long[] {rows, columns}, new GeneratorOptional(make_generator_cpu(seed)),
        Tensors.options(ScalarType.Float, new Device("cpu")));
  }

  /** What Gpt.loss adds to the logits: nothing for the vocabulary, -inf for the padding rows. */
  private static Tensor paddingBias() {
    Tensor bias = org.bytedeco.pytorch.global.torch.zeros(
        new long[] {ROWS}, Tensors.options(ScalarType.Float, new Device("cpu")));
    bias.narrow(0, VOCAB, ROWS - VOCAB).fill_(new Scalar(Double.NEGATIVE_INFINITY));
    return bias;
  }

  private static double maxDifference(Tensor a, Tensor b) {
    return a.sub(b).abs().max().item_double();
  }
}
