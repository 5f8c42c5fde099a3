// Cross-entropy over rows of bf16 logits fused with its gradient. One block per row reads the row twice: first the
// running maximum and sum of exponentials (the log-sum-exp), then, when asked, the gradient written over the logits
// in bf16: softmax - onehot(target), not yet divided by the number of targets. Columns from `vocab` on are padding rows
// of the embedding: they are left out of the softmax and get a zero gradient. A target of -100 is ignored (loss and
// gradient 0, as cross_entropy's ignore_index); any other target outside the vocabulary gives NaN. Autograd's path
// writes fp32 copies of the logits three times. Compiled at run time by NVRTC, so no headers: bf16 is handled as bits.

typedef unsigned short bf16;

struct Partial {
  float max;
  float sum;
};

__device__ __forceinline__ float negativeInfinity() { return __int_as_float(0xff800000); }

__device__ __forceinline__ float toFloat(unsigned int bits) { return __uint_as_float(bits << 16); }

__device__ __forceinline__ unsigned int toBf16(float value) {
  unsigned int bits = __float_as_uint(value);
  return (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16;  // round to nearest even; the values here are finite
}

__device__ __forceinline__ Partial merge(Partial a, Partial b) {
  float max = fmaxf(a.max, b.max);
  if (max == negativeInfinity()) {
    return a;
  }
  Partial merged = {max, a.sum * __expf(a.max - max) + b.sum * __expf(b.max - max)};
  return merged;
}

__device__ __forceinline__ Partial mergeWarp(Partial p) {
  for (int offset = 16; offset > 0; offset >>= 1) {
    Partial other = {__shfl_xor_sync(0xffffffffu, p.max, offset), __shfl_xor_sync(0xffffffffu, p.sum, offset)};
    p = merge(p, other);
  }
  return p;
}

__device__ __forceinline__ float element(uint4 v, int k) {
  unsigned int word = k < 2 ? v.x : k < 4 ? v.y : k < 6 ? v.z : v.w;
  return toFloat((k & 1) ? word >> 16 : word & 0xffffu);
}

// logits: rows x columns bf16, columns a multiple of 8 (16-byte rows); targets: int64 per row; losses: fp32 per row.
extern "C" __global__ void cross_entropy_rows(bf16* logits, const long long* targets, float* losses, int columns,
                                              int vocab, int writeGradient) {
  __shared__ Partial warps[32];
  const long long row = blockIdx.x;
  uint4* vectors = reinterpret_cast<uint4*>(logits + row * columns);
  const int count = columns / 8;
  const long long target = targets[row];
  const bool ignored = target == -100;
  const bool valid = target >= 0 && target < vocab;
  const float targetLogit = valid ? toFloat(logits[row * columns + target]) : 0.0f;

  Partial p = {negativeInfinity(), 0.0f};
  for (int i = threadIdx.x; i < count; i += blockDim.x) {
    uint4 v = vectors[i];
    float chunkMax = negativeInfinity();
    for (int k = 0; k < 8; k++) {
      if (i * 8 + k < vocab) {
        chunkMax = fmaxf(chunkMax, element(v, k));
      }
    }
    if (chunkMax == negativeInfinity()) {
      continue;
    }
    float chunkSum = 0.0f;
    for (int k = 0; k < 8; k++) {
      if (i * 8 + k < vocab) {
        chunkSum += __expf(element(v, k) - chunkMax);
      }
    }
    Partial chunk = {chunkMax, chunkSum};
    p = merge(p, chunk);
  }

  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  p = mergeWarp(p);
  if (lane == 0) {
    warps[warp] = p;
  }
  __syncthreads();
  if (warp == 0) {
    Partial empty = {negativeInfinity(), 0.0f};
    p = mergeWarp(lane < (blockDim.x + 31) / 32 ? warps[lane] : empty);
    if (lane == 0) {
      warps[0] = p;
    }
  }
  __syncthreads();
  const float logSumExp = warps[0].max + __logf(warps[0].sum);
  const float nan = __int_as_float(0x7fc00000);
  if (threadIdx.x == 0) {
    losses[row] = valid ? logSumExp - targetLogit : ignored ? 0.0f : nan;
  }
  if (!writeGradient) {
    return;
  }
  for (int i = threadIdx.x; i < count; i += blockDim.x) {
    uint4 v = vectors[i];
    unsigned int packed[4];
    for (int k = 0; k < 8; k += 2) {
      unsigned int halves[2];
      for (int h = 0; h < 2; h++) {
        int column = i * 8 + k + h;
        float gradient = 0.0f;
        if (ignored) {
          gradient = 0.0f;
        } else if (!valid) {
          gradient = nan;
        } else if (column < vocab) {
          gradient = __expf(element(v, k + h) - logSumExp) - (column == target ? 1.0f : 0.0f);
        }
        halves[h] = toBf16(gradient);
      }
      packed[k / 2] = halves[0] | (halves[1] << 16);
    }
    vectors[i] = make_uint4(packed[0], packed[1], packed[2], packed[3]);
  }
}
