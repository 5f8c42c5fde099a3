package dev.pedigree.workers.engine.model;

import static org.bytedeco.pytorch.global.torch.zeros;

import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A model's parameters by name, in a stable order, stored as views into one flat fp32 buffer whose gradients are views
 * into a second flat buffer. Backward accumulates into the flat gradient buffer, so clipping and the optimizer update
 * work on a handful of large tensors instead of one small tensor per parameter.
 *
 * <p>With bf16 working weights ({@link #allocate(List, Device, ScalarType)}) the model computes with bf16 copies: the
 * fp32 buffers become master weights and gradient sums, as in mixed-precision training without autocast. Backward then
 * writes bf16 gradients, which {@link #accumulateGrads()} adds into the fp32 sums, and whoever writes
 * {@link #values()} calls {@link #valuesChanged()} so the bf16 copies follow.
 *
 * <p>Decayed parameters come first in the flat buffers, so weight decay applies to one leading slice.
 */
public final class Parameters {
  private final Tensor values;
  private final Tensor grads;
  /** What the model computes with: {@link #values} itself, or its bf16 copy. */
  private final Tensor working;
  /** Where backward writes: {@link #grads} itself, or a bf16 buffer for the working copy. */
  private final Tensor workingGrads;
  private final long decayedNumel;
  private final Map<String, Slot> slots;
  private final Map<String, Tensor> byName;

  private record Slot(long offset, long[] shape) {}

  private Parameters(Tensor values, Tensor grads, ScalarType workingType, long decayedNumel, Map<String, Slot> slots) {
    this.values = values;
    this.grads = grads;
    boolean copies = workingType.intern() != ScalarType.Float;
    this.working = copies ? values.to(workingType) : values;
    this.workingGrads = copies ? grads.to(workingType) : grads;
    this.decayedNumel = decayedNumel;
    this.slots = slots;
    Map<String, Tensor> leaves = new LinkedHashMap<>();
    slots.forEach((name, slot) -> {
      Tensor leaf = view(working, slot).detach();
      leaf.requires_grad_(true);
      leaf.mutable_grad().put(view(workingGrads, slot));
      leaves.put(name, leaf);
    });
    this.byName = Collections.unmodifiableMap(leaves);
  }

  /** Zero-filled fp32 parameters in {@code layout}'s order, on {@code device}. */
  public static Parameters allocate(List<ParameterShape> layout, Device device) {
    return allocate(layout, device, ScalarType.Float);
  }

  /**
   * Zero-filled parameters in {@code layout}'s order, on {@code device}, that the model computes with in
   * {@code workingType} (Float, or BFloat16 with fp32 master weights).
   */
  public static Parameters allocate(List<ParameterShape> layout, Device device, ScalarType workingType) {
    TorchRuntime.initialize();
    Map<String, Slot> slots = new LinkedHashMap<>();
    long offset = 0;
    for (boolean decayed : new boolean[] {true, false}) {
      for (ParameterShape shape : layout) {
        if (shape.decayed() == decayed) {
          slots.put(shape.name(), new Slot(offset, shape.shape()));
          offset += shape.numel();
        }
      }
    }
    long decayedNumel = layout.stream().filter(ParameterShape::decayed).mapToLong(ParameterShape::numel).sum();
    Map<String, Slot> ordered = new LinkedHashMap<>();
    layout.forEach(shape -> ordered.put(shape.name(), slots.get(shape.name())));
    Tensor values = zeros(new long[] {offset}, Tensors.options(ScalarType.Float, device));
    Tensor grads = zeros(new long[] {offset}, Tensors.options(ScalarType.Float, device));
    return new Parameters(values, grads, workingType, decayedNumel, ordered);
  }

  /** Trainable leaf tensors by name, in layout order, in the working type: what the model computes with. */
  public Map<String, Tensor> byName() {
    return byName;
  }

  public Tensor get(String name) {
    Tensor tensor = byName.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return tensor;
  }

  public long[] shape(String name) {
    return slots.get(name).shape().clone();
  }

  public long numel() {
    return values.numel();
  }

  /** All values, flat, fp32; writes reach the parameters (with bf16 working weights, at {@link #valuesChanged()}). */
  public Tensor values() {
    return values;
  }

  /** The type the model computes with ({@link #byName()}). */
  public ScalarType workingType() {
    return working.scalar_type().intern();
  }

  /** Brings the working weights up to date after {@link #values()} was written; nothing to do for fp32 ones. */
  public void valuesChanged() {
    if (working != values) {
      try (NoGradGuard noGrad = new NoGradGuard()) {
        working.copy_(values);
      }
    }
  }

  /**
   * Adds the gradients backward wrote since the last call into the fp32 sums; with bf16 working weights, call it after
   * each backward pass that a later one accumulates onto, so the sum is kept in fp32. Nothing to do for fp32 ones.
   */
  public void accumulateGrads() {
    if (workingGrads != grads) {
      try (NoGradGuard noGrad = new NoGradGuard()) {
        grads.add_(workingGrads);
        workingGrads.zero_();
      }
    }
  }

  /** All gradients since {@link #zeroGrads()}, flat, fp32, in the same layout as {@link #values()}. */
  public Tensor grads() {
    accumulateGrads();
    return grads;
  }

  /** The leading slice of a flat buffer in this layout that holds the decayed parameters. */
  public Tensor decayedSlice(Tensor flat) {
    return flat.narrow(0, 0, decayedNumel);
  }

  /** The rest of a flat buffer in this layout after {@link #decayedSlice}: the parameters without weight decay. */
  public Tensor undecayedSlice(Tensor flat) {
    return flat.narrow(0, decayedNumel, flat.numel() - decayedNumel);
  }

  /** Per-name views into {@code flat}, a buffer with this layout (e.g. an optimizer moment). */
  public Map<String, Tensor> viewsOf(Tensor flat) {
    Map<String, Tensor> views = new LinkedHashMap<>();
    slots.forEach((name, slot) -> views.put(name, view(flat, slot)));
    return views;
  }

  public void zeroGrads() {
    grads.zero_();
    if (workingGrads != grads) {
      workingGrads.zero_();
    }
  }

  private static Tensor view(Tensor flat, Slot slot) {
    long numel = 1;
    for (long dim : slot.shape()) {
      numel *= dim;
    }
    return flat.narrow(0, slot.offset(), numel).view(slot.shape());
  }
}
