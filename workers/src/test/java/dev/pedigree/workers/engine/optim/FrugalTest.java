package dev.pedigree.workers.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.randn;

import dev.pedigree.workers.engine.model.ParameterShape;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class FrugalTest {
  private static final Device CPU = new Device("cpu");
  private static final double WEIGHT_DECAY = 0.1;
  /** An embedding, two block matrices of 4 elements each, a bias and a norm gain. */
  private static final List<ParameterShape> TINY = List.of(
      new ParameterShape("wte.weight", new long[] {2, 2}, true),
      new ParameterShape("h.0.a.weight", new long[] {2, 2}, true),
      new ParameterShape("h.0.b.weight", new long[] {2, 2}, true),
      new ParameterShape("h.0.a.bias", new long[] {2}, false),
      new ParameterShape("h.0.ln.weight", new long[] {2}, false));

  /** Four blocks shaped like a GPT's with d=32: 49,152 block-matrix elements, largest 4,096. */
  private static List<ParameterShape> gptLike() {
    List<ParameterShape> layout = new ArrayList<>();
    layout.add(new ParameterShape("wte.weight", new long[] {64, 32}, true));
    for (int layer = 0; layer < 4; layer++) {
      String h = "h." + layer + ".";
      layout.add(new ParameterShape(h + "ln_1.weight", new long[] {32}, false));
      layout.add(new ParameterShape(h + "attn.qkv.weight", new long[] {96, 32}, true));
      layout.add(new ParameterShape(h + "attn.qkv.bias", new long[] {96}, false));
      layout.add(new ParameterShape(h + "attn.proj.weight", new long[] {32, 32}, true));
      layout.add(new ParameterShape(h + "mlp.fc.weight", new long[] {128, 32}, true));
      layout.add(new ParameterShape(h + "mlp.proj.weight", new long[] {32, 128}, true));
    }
    layout.add(new ParameterShape("lm_head.weight", new long[] {64, 32}, true));
    return layout;
  }

  @Test
  void theSelectedMatrixTakesAdamWAndTheOtherSignSgd() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Parameters parameters = Parameters.allocate(TINY, CPU);
      float[] initial = {0.5f, -0.25f, 1f, 2f, 0.5f, -0.25f, 1f, 2f, 0.5f, -0.25f, 1f, 2f, 0.5f, -0.25f, 1f, 2f};
      float[] grads = {0.2f, -0.4f, 0f, 1e-3f, 0.2f, -0.4f, 0f, 1e-3f, 0.2f, -0.4f, 0f, 1e-3f, 0.2f, -0.4f, 0f, 1e-3f};
      Tensors.copyInto(parameters.values(), littleEndian(initial));
      Tensors.copyInto(parameters.grads(), littleEndian(grads));
      Frugal frugal = new Frugal(parameters, WEIGHT_DECAY, new Frugal.Settings(0.5, 10, 1.0), 7);
      assertThat(frugal.selected()).hasSize(1);
      String selected = frugal.selected().iterator().next();
      String unselected = selected.equals("h.0.a.weight") ? "h.0.b.weight" : "h.0.a.weight";
      double lr = 0.01;

      frugal.step(lr);

      // The first AdamW step: the bias-corrected moments are g and g², so the update is lr·g/(|g| + ε).
      for (String adamW : List.of("wte.weight", selected)) {
        float[] actual = read(parameters, adamW);
        for (int i = 0; i < 4; i++) {
          double expected = initial[i] * (1 - lr * WEIGHT_DECAY) - lr * grads[i] / (Math.abs(grads[i]) + AdamW.EPSILON);
          assertThat((double) actual[i]).as("%s[%d]", adamW, i).isCloseTo(expected, within(1e-7));
        }
      }
      float[] signSgd = read(parameters, unselected);
      for (int i = 0; i < 4; i++) {
        double expected = initial[i] * (1 - lr * WEIGHT_DECAY) - lr * Math.signum(grads[i]);
        assertThat((double) signSgd[i]).as("%s[%d]", unselected, i).isCloseTo(expected, within(1e-7));
      }
      float[] bias = read(parameters, "h.0.a.bias");
      for (int i = 0; i < 2; i++) {
        assertThat((double) bias[i]).isCloseTo(initial[i] - lr * grads[i] / (Math.abs(grads[i]) + AdamW.EPSILON),
            within(1e-7));
      }
      assertThat(frugal.layoutMetadata().get(Frugal.MOMENTS_KEY))
          .isEqualTo("wte.weight:1," + selected + ":1,h.0.a.bias:1,h.0.ln.weight:1");
    }
  }

  @Test
  void aZeroStateFreeLearningRateFreezesWhatIsNotSelected() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Parameters parameters = Parameters.allocate(TINY, CPU);
      parameters.values().fill_(new Scalar(1.0));
      parameters.grads().fill_(new Scalar(0.5));
      Frugal badam = new Frugal(parameters, WEIGHT_DECAY, new Frugal.Settings(0.5, 10, 0.0), 7);
      String unselected = badam.selected().contains("h.0.a.weight") ? "h.0.b.weight" : "h.0.a.weight";

      badam.step(0.01);

      assertThat(read(parameters, unselected)).containsOnly(1f);
      assertThat(read(parameters, "wte.weight")).doesNotContain(1f);
    }
  }

  /** With everything selected and reselections that keep it so, FRUGAL is AdamW, bit for bit. */
  @Test
  void atDensityOneItIsAdamWExactly() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      GeneratorOptional generator = new GeneratorOptional(make_generator_cpu(3));
      Parameters frugalParameters = Parameters.allocate(gptLike(), CPU);
      Parameters adamWParameters = Parameters.allocate(gptLike(), CPU);
      Tensor initial = draw(frugalParameters, generator, 0.02);
      frugalParameters.values().copy_(initial);
      adamWParameters.values().copy_(initial);
      Frugal frugal = new Frugal(frugalParameters, WEIGHT_DECAY, new Frugal.Settings(1.0, 3, 1.0), 5);
      AdamW adamW = new AdamW(adamWParameters, WEIGHT_DECAY);

      for (int step = 1; step <= 10; step++) {
        Tensor grads = draw(frugalParameters, generator, 0.01);
        frugalParameters.grads().copy_(grads);
        adamWParameters.grads().copy_(grads);
        frugal.step(1e-3 * step);
        adamW.step(1e-3 * step);
      }

      assertThat(frugalParameters.values().equal(adamWParameters.values())).isTrue();
      assertThat(frugal.selected()).hasSize(16);
    }
  }

  @Test
  void aSelectionCoversAboutTheDensityIsReproducibleAndSizesTheState() {
    try (PointerScope scope = new PointerScope()) {
      Parameters parameters = Parameters.allocate(gptLike(), CPU);
      Frugal frugal = new Frugal(parameters, WEIGHT_DECAY, new Frugal.Settings(0.25, 200, 1.0), 11);
      Frugal again = new Frugal(parameters, WEIGHT_DECAY, new Frugal.Settings(0.25, 200, 1.0), 11);
      Frugal otherSeed = new Frugal(parameters, WEIGHT_DECAY, new Frugal.Settings(0.25, 200, 1.0), 12);
      assertThat(frugal.candidateNumel()).isEqualTo(49_152);

      Set<Set<String>> distinct = new HashSet<>();
      boolean seedMatters = false;
      for (long round = 0; round < 20; round++) {
        Set<String> selection = frugal.select(round);
        long covered = selection.stream().mapToLong(name -> numel(parameters, name)).sum();
        // Each matrix is taken while it brings the cover closer to the target: off by at most half the largest.
        assertThat((double) covered).isCloseTo(0.25 * 49_152, within(4096 / 2.0));
        assertThat(again.select(round)).isEqualTo(selection);
        seedMatters |= !otherSeed.select(round).equals(selection);
        distinct.add(selection);
      }
      assertThat(seedMatters).isTrue();
      assertThat(distinct).hasSizeGreaterThan(10);

      long covered = frugal.selected().stream().mapToLong(name -> numel(parameters, name)).sum();
      long alwaysAdamW = parameters.numel() - 49_152;
      long tensors = 1 + 4 * 2 + 1 + frugal.selected().size();
      assertThat(frugal.stateBytes()).isEqualTo(8 * (alwaysAdamW + covered) + 4 * tensors);
      AdamW adamW = new AdamW(parameters, WEIGHT_DECAY);
      long adamWOnBlocks = adamW.stateBytes() - 4 - 8 * alwaysAdamW;
      long frugalOnBlocks = 8 * covered;
      assertThat((double) frugalOnBlocks / adamWOnBlocks).isCloseTo(0.25, within(2048.0 / 49_152));
    }
  }

  @Test
  void aReselectionStartsNewMatricesFromZeroMomentsAndKeepsTheOthers() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      GeneratorOptional generator = new GeneratorOptional(make_generator_cpu(4));
      Parameters parameters = Parameters.allocate(gptLike(), CPU);
      Frugal frugal = new Frugal(parameters, WEIGHT_DECAY, new Frugal.Settings(0.5, 4, 1.0), 2);
      Set<String> first = frugal.selected();
      for (int step = 0; step < 5; step++) {
        parameters.grads().copy_(draw(parameters, generator, 0.01));
        frugal.step(1e-3);
      }
      Set<String> second = frugal.selected();
      assertThat(second).isEqualTo(frugal.select(1)).isNotEqualTo(first);
      assertThat(frugal.layoutChanges()).isEqualTo(2);

      String moments = frugal.layoutMetadata().get(Frugal.MOMENTS_KEY);
      assertThat(moments).contains("wte.weight:5,");
      for (String matrix : second) {
        assertThat(moments).contains(matrix + (first.contains(matrix) ? ":5" : ":1"));
      }
      for (String dropped : first) {
        if (!second.contains(dropped)) {
          assertThat(moments).doesNotContain(dropped);
        }
      }
      for (Tensor moment : frugal.stateTensors().get(AdamW.FIRST_MOMENT_PREFIX).values()) {
        assertThat(moment.abs().sum().item_double()).isPositive();
      }
    }
  }

  private static long numel(Parameters parameters, String name) {
    long numel = 1;
    for (long dim : parameters.shape(name)) {
      numel *= dim;
    }
    return numel;
  }

  private static ByteBuffer littleEndian(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes;
  }

  private static float[] read(Parameters parameters, String name) {
    Tensor view = parameters.viewsOf(parameters.values()).get(name).contiguous();
    float[] out = new float[(int) view.numel()];
    new FloatPointer(view.data_ptr_float()).capacity(out.length).get(out);
    return out;
  }

  private static Tensor draw(Parameters parameters, GeneratorOptional generator, double std) {
    return randn(new long[] {parameters.numel()}, generator, Tensors.options(ScalarType.Float, CPU))
        .mul_(new Scalar(std));
  }
}
