package dev.pedigree.workers.engine.model;

import static org.bytedeco.pytorch.global.torch.arange;
import static org.bytedeco.pytorch.global.torch.cat;

import dev.pedigree.workers.engine.torch.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Rotary position embeddings (Su et al., RoPE) in the rotate-half layout of GPT-NeoX and Llama: the first and second
 * halves of each head's channels form the rotated pairs, with frequencies {@code 10000^(-2i/headDim)}. Queries and keys
 * are rotated before keys enter the KV cache, so cached keys keep the positions they were computed at.
 */
record Rotary(Tensor cos, Tensor sin) {
  static final double BASE = 10_000.0;

  /**
   * The rotation for {@code positions}: {@code (time)} shared by the batch, or {@code (batch, time)} per row; the
   * result broadcasts against {@code (batch, heads, time, headDim)} and is in {@code type}, the queries' and keys'.
   */
  static Rotary at(Tensor positions, int headDim, ScalarType type) {
    int half = headDim / 2;
    Tensor inverseFrequencies = arange(new Scalar(half), Tensors.options(ScalarType.Float, positions.device()))
        .mul_(new Scalar(-2.0 * Math.log(BASE) / headDim))
        .exp_();
    Tensor angles = positions.to(ScalarType.Float).unsqueeze(-1).mul(inverseFrequencies);
    angles = cat(new TensorVector(angles, angles), -1);
    if (positions.dim() == 2) {
      angles = angles.unsqueeze(1);
    }
    return new Rotary(angles.cos().to(type), angles.sin().to(type));
  }

  /** {@code x} {@code (batch, heads, time, headDim)} rotated by its positions' angles. */
  Tensor apply(Tensor x) {
    long half = x.size(-1) / 2;
    Tensor rotatedHalf = cat(new TensorVector(x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)), -1);
    return x.mul(cos).add(rotatedHalf.mul(sin));
  }
}
