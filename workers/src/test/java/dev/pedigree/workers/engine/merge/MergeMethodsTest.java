package dev.pedigree.workers.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each merge method on 2×2 tensors whose results are worked out by hand (all values exact in fp32). */
class MergeMethodsTest {
  private PointerScope scope;

  @BeforeAll
  static void loadTorch() {
    TorchRuntime.initialize();
  }

  @BeforeEach
  void openScope() {
    scope = new PointerScope();
  }

  @AfterEach
  void closeScope() {
    scope.close();
  }

  private static Tensor matrix(float a, float b, float c, float d) {
    return tensor(a, b, c, d).view(2, 2);
  }

  private static float[] values(Tensor tensor) {
    FloatBuffer buffer = Tensors.hostBytes(tensor).order(ByteOrder.nativeOrder()).asFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  @Test
  void linearIsTheWeightedAverage() {
    Tensor merged = new LinearMerge(List.of(1.0, 3.0))
        .merge("w", null, List.of(matrix(4, 0, 8, -4), matrix(0, 4, 0, 4)));
    // (1·p1 + 3·p2) / 4
    assertThat(values(merged)).containsExactly(1, 3, 2, 2);
  }

  @Test
  void taskArithmeticAddsScaledWeightedTaskVectorsToTheBase() {
    Tensor base = matrix(1, 2, 3, 4);
    // τ1 = [[2, 0], [-2, 0]], τ2 = [[0, 4], [0, -4]]
    Tensor merged = TaskArithmetic.of(2.0, List.of(0.5, 0.25))
        .merge("w", base, List.of(matrix(3, 2, 1, 4), matrix(1, 6, 3, 0)));
    // base + 2 · (0.5 τ1 + 0.25 τ2) = base + [[2, 2], [-2, -2]]
    assertThat(values(merged)).containsExactly(3, 4, 1, 2);
  }

  @Test
  void tiesTrimsElectsASignAndAveragesTheAgreeingEntries() {
    Tensor base = matrix(1, 1, 1, 1);
    // τ1 = [[4, -1], [2, 0.5]] trims to [[4, 0], [2, 0]]; τ2 = [[-2, 3], [1, -0.5]] to [[-2, 3], [0, 0]];
    // τ3 = [[-1, -2], [3, 1]] to [[0, -2], [3, 0]]. Sum [[2, 1], [5, 0]] elects signs [[+, +], [+, none]].
    List<Tensor> parents = List.of(matrix(5, 0, 3, 1.5f), matrix(-1, 4, 2, 0.5f), matrix(0, -1, 4, 2));
    Tensor merged = new TiesMerge(List.of(1.0, 1.0, 1.0), 0.5, 1.0).merge("w", base, parents);
    // agreeing means: [[4], [3], [2, 3] → 2.5, none → 0]
    assertThat(values(merged)).containsExactly(5, 4, 3.5f, 1);
  }

  @Test
  void tiesScalesTheMergedTaskVectorAndWeighsParents() {
    Tensor base = matrix(0, 0, 0, 0);
    List<Tensor> parents = List.of(matrix(2, -2, 4, 1), matrix(6, 2, -4, 1));
    // density 1 keeps everything. Weighted sums (1·τ1 + 3·τ2): [[20, 4], [-8, 4]].
    // Agreeing: (0,0) both → (2 + 18)/4 = 5; (0,1) only τ2 → 2; (1,0) only τ2 → -4; (1,1) both → 1.
    Tensor merged = new TiesMerge(List.of(1.0, 3.0), 1.0, 0.5).merge("w", base, parents);
    assertThat(values(merged)).containsExactly(2.5f, 1, -2, 0.5f);
  }

  @Test
  void theTrimThresholdIsExactlyTheKthLargestMagnitude() {
    java.util.Random random = new java.util.Random(5);
    float[] values = new float[10_001];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(6) - 3));
    }
    values[17] = values[42] = -values[99];
    float[] magnitudes = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      magnitudes[i] = Math.abs(values[i]);
    }
    java.util.Arrays.sort(magnitudes);
    for (long k : new long[] {1, 2, 3, 1000, 2001, 5000, 10_001}) {
      assertThat(TiesMerge.kthLargestMagnitude(FloatBuffer.wrap(values), k))
          .isEqualTo(magnitudes[(int) (values.length - k)]);
    }
  }

  @Test
  void dareAtDensityOneIsTaskArithmetic() {
    Tensor base = matrix(1, 2, 3, 4);
    List<Tensor> parents = List.of(matrix(3, 2, 1, 4), matrix(1, 6, 3, 0));
    Tensor dare = new DareMerge(List.of(0.5, 0.25), 1.0, 2.0, 9).merge("w", base, parents);
    assertThat(values(dare)).containsExactly(3, 4, 1, 2);
  }

  @Test
  void dareDropsSeededEntriesAndRescalesTheKeptOnes() {
    Tensor base = tensor(new float[10_000]).view(100, 100);
    Tensor parent = base.add(new Scalar(1.0));
    DareMerge dare = new DareMerge(List.of(1.0), 0.25, 1.0, 42);
    float[] merged = values(dare.merge("h.0.mlp.fc.weight", base, List.of(parent)));
    long kept = 0;
    for (float value : merged) {
      assertThat(value).isIn(0f, 4f);
      kept += value == 4f ? 1 : 0;
    }
    assertThat(kept / 10_000.0).isCloseTo(0.25, within(0.03));
    assertThat(values(dare.merge("h.0.mlp.fc.weight", base, List.of(parent)))).containsExactly(merged);
    assertThat(values(dare.merge("h.1.mlp.fc.weight", base, List.of(parent)))).isNotEqualTo(merged);
    assertThat(values(new DareMerge(List.of(1.0), 0.25, 1.0, 43).merge("h.0.mlp.fc.weight", base,
        List.of(parent)))).isNotEqualTo(merged);
  }

  @Test
  void slerpFollowsTheArcBetweenOrthogonalTensors() {
    Tensor a = matrix(1, 0, 0, 0);
    Tensor b = matrix(0, 2, 0, 0);
    float[] merged = values(new SlerpMerge(0.5).merge("w", null, List.of(a, b)));
    // Ω = π/2: coefficients sin(π/4) / sin(π/2) on each of the unnormalized tensors
    double c = Math.sin(Math.PI / 4);
    assertThat(merged[0]).isCloseTo((float) c, within(1e-7f));
    assertThat(merged[1]).isCloseTo((float) (2 * c), within(1e-7f));
    assertThat(merged[2]).isZero();
    assertThat(merged[3]).isZero();
    assertThat(values(new SlerpMerge(0.0).merge("w", null, List.of(a, b)))).containsExactly(1, 0, 0, 0);
  }

  @Test
  void slerpOfParallelTensorsIsLinear() {
    Tensor a = matrix(1, 2, 3, 4);
    Tensor b = a.mul(new Scalar(3));
    float[] merged = values(new SlerpMerge(0.25).merge("w", null, List.of(a, b)));
    // 0.75 · a + 0.25 · 3a = 1.5a
    assertThat(merged).containsExactly(1.5f, 3, 4.5f, 6);
  }
}
