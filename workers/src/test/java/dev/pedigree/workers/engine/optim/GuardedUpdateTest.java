package dev.pedigree.workers.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.TrainingDivergedException;
import dev.pedigree.workers.engine.model.ParameterShape;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GuardedUpdateTest {
  private static final List<ParameterShape> LAYOUT = List.of(
      new ParameterShape("w", new long[] {2}, true), new ParameterShape("b", new long[] {2}, false));

  @BeforeAll
  static void loadTorch() {
    TorchRuntime.initialize();
  }

  @Test
  void reportsTheNormBeforeClippingAndAppliesTheClippedStep() {
    try (PointerScope scope = new PointerScope()) {
      Parameters parameters = withGradients(3, 0, 0, 4);
      AdamW optimizer = new AdamW(parameters, 0.0);

      GuardedUpdate.Result result =
          GuardedUpdate.apply(tensor(new float[] {2.5f}).squeeze(), parameters.grads(), 1.0, optimizer, 0.1, 1);

      assertThat(result.loss()).isEqualTo(2.5);
      assertThat(result.gradNorm()).isEqualTo(5.0);
      assertThat(values(parameters.grads())).containsExactly(3 / 5.000001f, 0, 0, 4 / 5.000001f);
      assertThat(optimizer.steps()).isEqualTo(1);
      assertThat(values(parameters.values())).containsExactly(0.9f, 1, 1, 0.9f);
    }
  }

  @Test
  void aNanLossOrAnInfiniteGradientLeavesWeightsAndMomentsAlone() {
    try (PointerScope scope = new PointerScope()) {
      Parameters parameters = withGradients(3, 0, 0, 4);
      AdamW optimizer = new AdamW(parameters, 0.0);

      assertThatThrownBy(() -> GuardedUpdate.apply(
          tensor(new float[] {Float.NaN}).squeeze(), parameters.grads(), 1.0, optimizer, 0.1, 7))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageStartingWith("training diverged at step 7: the loss is NaN and the gradient norm 5.0,");
      parameters.grads().copy_(tensor(new float[] {Float.POSITIVE_INFINITY, 0, 0, 1}));
      assertThatThrownBy(() -> GuardedUpdate.apply(
          tensor(new float[] {1}).squeeze(), parameters.grads(), 0, optimizer, 0.1, 8))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageStartingWith("training diverged at step 8: the loss is 1.0 and the gradient norm Infinity,");

      assertThat(optimizer.steps()).isZero();
      assertThat(values(parameters.values())).containsExactly(1, 1, 1, 1);
      assertThat(values(optimizer.firstMoments().get("w"))).containsExactly(0, 0);
      assertThat(values(optimizer.secondMoments().get("b"))).containsExactly(0, 0);
    }
  }

  private static Parameters withGradients(float... gradients) {
    Parameters parameters = Parameters.allocate(LAYOUT, new Device("cpu"));
    parameters.values().fill_(new Scalar(1.0));
    parameters.grads().copy_(tensor(gradients));
    return parameters;
  }

  private static float[] values(Tensor tensor) {
    FloatBuffer buffer = Tensors.hostBytes(tensor).order(ByteOrder.nativeOrder()).asFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }
}
