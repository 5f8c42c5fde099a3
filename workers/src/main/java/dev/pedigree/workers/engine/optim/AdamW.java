package dev.pedigree.workers.engine.optim;

import static org.bytedeco.pytorch.global.torch.zeros;
import static org.bytedeco.pytorch.global.torch.zeros_like;

import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.torch.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * AdamW (Loshchilov &amp; Hutter) with decoupled weight decay and bias correction, as PyTorch computes it, applied to
 * the flat parameter and gradient buffers of {@link Parameters} by libtorch's fused AdamW kernel, as
 * {@code torch.optim.AdamW(fused=True)} does: one pass for the decayed leading slice and one without weight decay for
 * the rest. The update, like the state, is fp32 whatever type the model computes with.
 */
public final class AdamW implements Optimizer {
  public static final String NAME = "adamw";
  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.95;
  public static final double EPSILON = 1e-8;
  /** Checkpoint name prefixes of the moments: {@code optim.m.<parameter>} and {@code optim.v.<parameter>}. */
  public static final String FIRST_MOMENT_PREFIX = "optim.m.";
  public static final String SECOND_MOMENT_PREFIX = "optim.v.";

  private final Parameters parameters;
  private final double weightDecay;
  private final Tensor firstMoment;
  private final Tensor secondMoment;
  /** {@link #steps} as the float32 scalar on the parameters' device that the fused kernel reads. */
  private final Tensor stepCount;
  private long steps;

  public AdamW(Parameters parameters, double weightDecay) {
    this.parameters = parameters;
    this.weightDecay = weightDecay;
    this.firstMoment = zeros_like(parameters.values());
    this.secondMoment = zeros_like(parameters.values());
    this.stepCount = zeros(new long[] {}, Tensors.options(ScalarType.Float, parameters.values().device()));
  }

  @Override
  public void step(double learningRate) {
    steps++;
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      stepCount.fill_(new Scalar((double) steps));
      update(parameters::decayedSlice, learningRate, weightDecay);
      update(parameters::undecayedSlice, learningRate, 0);
      parameters.valuesChanged();
    }
  }

  private void update(UnaryOperator<Tensor> slice, double learningRate, double sliceWeightDecay) {
    Tensor values = slice.apply(parameters.values());
    if (values.numel() > 0) {
      FusedAdamWKernel.apply(List.of(values), List.of(slice.apply(parameters.grads())),
          List.of(slice.apply(firstMoment)), List.of(slice.apply(secondMoment)), List.of(stepCount), learningRate,
          sliceWeightDecay);
    }
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, String> layoutMetadata() {
    return Map.of();
  }

  @Override
  public Map<String, Map<String, Tensor>> stateTensors() {
    Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();
    state.put(FIRST_MOMENT_PREFIX, firstMoments());
    state.put(SECOND_MOMENT_PREFIX, secondMoments());
    return state;
  }

  @Override
  public void restore(long steps, Map<String, String> layout) {
    this.steps = steps;
  }

  /** Both moments in fp32 and the step count. */
  @Override
  public long stateBytes() {
    return 2 * firstMoment.numel() * Float.BYTES + Float.BYTES;
  }

  /** First moments by parameter name, as views that read and write the optimizer state. */
  public Map<String, Tensor> firstMoments() {
    return parameters.viewsOf(firstMoment);
  }

  public Map<String, Tensor> secondMoments() {
    return parameters.viewsOf(secondMoment);
  }
}
