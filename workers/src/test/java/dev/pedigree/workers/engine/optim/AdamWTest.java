package dev.pedigree.workers.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.zeros_like;

import dev.pedigree.workers.engine.model.ParameterShape;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.torch.Tensors;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class AdamWTest {
  private static final List<ParameterShape> LAYOUT = List.of(
      new ParameterShape("wte.weight", new long[] {32, 16}, true),
      new ParameterShape("ln.weight", new long[] {16}, false),
      new ParameterShape("fc.weight", new long[] {64, 16}, true),
      new ParameterShape("fc.bias", new long[] {64}, false));
  private static final double WEIGHT_DECAY = 0.1;

  @Test
  void matchesTheUnfusedAdamWUpdateWithinFloat32Rounding() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      GeneratorOptional generator = new GeneratorOptional(make_generator_cpu(11));
      Parameters parameters = Parameters.allocate(LAYOUT, new Device("cpu"));
      parameters.values().copy_(draw(parameters, generator, 0.02));
      Unfused expected = new Unfused(parameters.values().clone(), parameters.decayedSlice(parameters.values()).numel());
      AdamW optimizer = new AdamW(parameters, WEIGHT_DECAY);

      for (int step = 1; step <= 100; step++) {
        double learningRate = 1e-3 * (1 + step % 7);
        parameters.grads().copy_(draw(parameters, generator, 0.01));
        expected.step(parameters.grads(), learningRate);
        optimizer.step(learningRate);
      }

      assertThat(optimizer.steps()).isEqualTo(100);
      assertThat(maxAbsDiff(parameters.values(), expected.values)).isLessThan(1e-6);
      assertThat(maxAbsDiff(optimizer.firstMoments(), parameters.viewsOf(expected.firstMoment))).isLessThan(1e-6);
      assertThat(maxAbsDiff(optimizer.secondMoments(), parameters.viewsOf(expected.secondMoment))).isLessThan(1e-6);
      assertThat(maxAbsDiff(parameters.values(), expected.initialValues)).isGreaterThan(1e-2);
    }
  }

  private static Tensor draw(Parameters parameters, GeneratorOptional generator, double std) {
    return randn(new long[] {parameters.numel()}, generator, Tensors.options(ScalarType.Float, new Device("cpu")))
        .mul_(new Scalar(std));
  }

  private static double maxAbsDiff(Map<String, Tensor> actual, Map<String, Tensor> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    return actual.keySet().stream().mapToDouble(name -> maxAbsDiff(actual.get(name), expected.get(name))).max()
        .orElseThrow();
  }

  private static double maxAbsDiff(Tensor actual, Tensor expected) {
    return actual.sub(expected).abs().max().item_double();
  }

  /** The AdamW update written out op by op, as PyTorch's for-loop implementation computes it. */
  private static final class Unfused {
    final Tensor initialValues;
    final Tensor values;
    final Tensor firstMoment;
    final Tensor secondMoment;
    private final long decayedNumel;
    private long steps;

    Unfused(Tensor values, long decayedNumel) {
      this.initialValues = values.clone();
      this.values = values;
      this.firstMoment = zeros_like(values);
      this.secondMoment = zeros_like(values);
      this.decayedNumel = decayedNumel;
    }

    void step(Tensor grads, double learningRate) {
      steps++;
      double biasCorrection1 = 1 - Math.pow(AdamW.BETA1, steps);
      double biasCorrection2 = 1 - Math.pow(AdamW.BETA2, steps);
      values.narrow(0, 0, decayedNumel).mul_(new Scalar(1 - learningRate * WEIGHT_DECAY));
      firstMoment.lerp_(grads, new Scalar(1 - AdamW.BETA1));
      secondMoment.mul_(new Scalar(AdamW.BETA2)).addcmul_(grads, grads, new Scalar(1 - AdamW.BETA2));
      Tensor denominator =
          secondMoment.sqrt().div_(new Scalar(Math.sqrt(biasCorrection2))).add_(new Scalar(AdamW.EPSILON));
      values.addcdiv_(firstMoment, denominator, new Scalar(-learningRate / biasCorrection1));
    }
  }
}
