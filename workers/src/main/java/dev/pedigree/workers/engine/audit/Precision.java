package dev.pedigree.workers.engine.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** How an audited decoding computes, given a model's fp32 weights. */
public enum Precision {
  /** fp32 weights, fp32 compute. */
  FP32("fp32", false),
  /** Weights cast to bf16, so every matmul and norm runs in bf16 (the logits come back fp32). */
  BF16("bf16", false),
  /**
   * LayerCast: weights rounded to bf16 (what 16-bit storage keeps) and cast back to fp32 for the compute, numerically
   * the paper's scheme of casting each layer's bf16 weights to fp32 just in time.
   */
  LAYERCAST("layercast", false),
  /** fp32 weights under bf16 autocast: what {@code Sampler} does on CUDA by default; on the CPU the same as fp32. */
  AUTOCAST("fp32+autocast", true);

  private final String label;
  private final boolean autocast;

  Precision(String label, boolean autocast) {
    this.label = label;
    this.autocast = autocast;
  }

  public String label() {
    return label;
  }

  boolean autocast() {
    return autocast;
  }

  /** The weights this precision computes with; new tensors belong to the caller's {@code PointerScope}. */
  Map<String, Tensor> weights(Map<String, Tensor> fp32) {
    if (this == FP32 || this == AUTOCAST) {
      return fp32;
    }
    Map<String, Tensor> cast = new LinkedHashMap<>();
    fp32.forEach((name, weight) -> {
      Tensor bf16 = weight.to(ScalarType.BFloat16);
      cast.put(name, this == BF16 ? bf16 : bf16.to(ScalarType.Float));
    });
    return cast;
  }
}
