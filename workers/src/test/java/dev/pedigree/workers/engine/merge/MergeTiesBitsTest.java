package dev.pedigree.workers.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TiesMerge} gives the bits of the same merge in libtorch ops, at sizes that leave vector remainders and span
 * several element ranges, with weights and scales whose products round (where a fused multiply-add differs).
 */
class MergeTiesBitsTest {
  @BeforeAll
  static void loadTorch() {
    TorchRuntime.initialize();
  }

  @Test
  void matchesTheLibtorchOpsBitForBit() {
    Random random = new Random(3);
    double[][] settings = {{1, 1, 1, 0.2, 1}, {0.7, 1.3, 0.45, 0.2, 0.8}, {0.3, 2.1, 0.9, 1, 1.7}};
    for (int size : new int[] {1, 7, 1000, 300_007}) {
      for (double[] setting : settings) {
        try (PointerScope scope = new PointerScope()) {
          float[] base = new float[size];
          for (int i = 0; i < size; i++) {
            base[i] = (float) (random.nextGaussian() * 0.05);
          }
          List<Tensor> parents = new ArrayList<>();
          for (int p = 0; p < 3; p++) {
            float[] parent = new float[size];
            for (int i = 0; i < size; i++) {
              // Some entries equal to the base's or its negation: zero task values, ties in magnitude.
              int kind = random.nextInt(8);
              parent[i] = kind == 0 ? base[i] : kind == 1 ? -base[i] : (float) (base[i] + random.nextGaussian() * 0.02);
            }
            parents.add(tensor(parent));
          }
          List<Double> weights = List.of(setting[0], setting[1], setting[2]);
          Tensor expected = new LibtorchTiesMerge(weights, setting[3], setting[4]).merge("w", tensor(base), parents);
          Tensor actual = new TiesMerge(weights, setting[3], setting[4]).merge("w", tensor(base), parents);
          assertThat(bits(actual)).as("size %d, setting %s", size, Arrays.toString(setting)).isEqualTo(bits(expected));
        }
      }
    }
  }

  /** Signed zeros, subnormal and huge task values: where the kernel's clamped products stand in for selects. */
  @Test
  void matchesTheLibtorchOpsAtExtremeMagnitudes() {
    Random random = new Random(5);
    float[] magnitudes = {0f, -0f, Float.MIN_VALUE, 3 * Float.MIN_VALUE, 1e-40f, 1e-30f, 0.01f, 1e30f, 1e37f};
    int size = 20_000;
    try (PointerScope scope = new PointerScope()) {
      float[] base = new float[size];
      for (int i = 0; i < size; i++) {
        base[i] = magnitudes[random.nextInt(magnitudes.length)] * (random.nextBoolean() ? 1 : -1);
      }
      List<Tensor> parents = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        float[] parent = new float[size];
        for (int i = 0; i < size; i++) {
          parent[i] = base[i] + magnitudes[random.nextInt(magnitudes.length)] * (random.nextBoolean() ? 1 : -1);
        }
        parents.add(tensor(parent));
      }
      for (double density : new double[] {0.2, 0.6, 1}) {
        List<Double> weights = List.of(0.7, 1.3, 0.45);
        Tensor expected = new LibtorchTiesMerge(weights, density, 0.8).merge("w", tensor(base), parents);
        Tensor actual = new TiesMerge(weights, density, 0.8).merge("w", tensor(base), parents);
        assertThat(bits(actual)).as("density %s", density).isEqualTo(bits(expected));
      }
    }
  }

  private static int[] bits(Tensor tensor) {
    IntBuffer buffer = Tensors.hostBytes(tensor).order(ByteOrder.nativeOrder()).asIntBuffer();
    int[] bits = new int[buffer.remaining()];
    buffer.get(bits);
    return bits;
  }
}
