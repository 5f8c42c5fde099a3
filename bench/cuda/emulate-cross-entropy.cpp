// Runs the engine's cross_entropy.cu on the CPU against a double-precision reference: one std::thread per CUDA
// thread, a block at a time, warp shuffles through a per-warp buffer and barrier. It checks the kernel's logic where no
// GPU is lent (FusedCrossEntropyGpuTest checks it on one). From the repository root:
//   g++ -std=c++20 -O1 -pthread -o /tmp/emulate bench/cuda/emulate-cross-entropy.cpp && /tmp/emulate
#include <barrier>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>
#include <vector>
#include <memory>
struct dim3 { unsigned x = 0, y = 0, z = 0; };
struct uint4 { unsigned int x, y, z, w; };
static uint4 make_uint4(unsigned a, unsigned b, unsigned c, unsigned d) { return {a, b, c, d}; }
thread_local dim3 threadIdx, blockIdx;
dim3 blockDim;
static std::unique_ptr<std::barrier<>> blockBarrier;
static std::vector<std::unique_ptr<std::barrier<>>> warpBarriers;
static float shuffleBuffer[1024];
static void __syncthreads() { blockBarrier->arrive_and_wait(); }
static float __shfl_xor_sync(unsigned, float v, int offset) {
  int t = threadIdx.x, w = t / 32;
  shuffleBuffer[t] = v;
  warpBarriers[w]->arrive_and_wait();
  float r = shuffleBuffer[t ^ offset];
  warpBarriers[w]->arrive_and_wait();
  return r;
}
static float __int_as_float(unsigned v) { float f; std::memcpy(&f, &v, 4); return f; }
static float __uint_as_float(unsigned v) { return __int_as_float(v); }
static unsigned __float_as_uint(float f) { unsigned v; std::memcpy(&v, &f, 4); return v; }


#define __global__
#define __expf expf
#define __logf logf
#define __device__
#define __forceinline__ inline
#define __shared__ static

#include "../../workers/src/main/resources/dev/pedigree/workers/engine/model/cross_entropy.cu"


static unsigned short bf(float f) { unsigned b = __float_as_uint(f); return (unsigned short) ((b + 0x7fff + ((b >> 16) & 1)) >> 16); }
static float fl(unsigned short b) { return __uint_as_float(((unsigned) b) << 16); }

int main() {
  bool good = true;
  const int rows = 6, columns = 328, vocab = 301;
  for (int threads : {32, 64, 256}) {
    std::mt19937 rng(threads);
    std::normal_distribution<float> normal(0, 3);
    std::vector<unsigned short> logits(rows * columns), original;
    for (auto &v : logits) v = bf(normal(rng));
    original = logits;
    long long targets[rows] = {0, 300, 17, -100, 150, 301};
    float losses[rows];
    blockDim.x = threads;
    warpBarriers.clear();
    for (int w = 0; w < (threads + 31) / 32; w++) warpBarriers.push_back(std::make_unique<std::barrier<>>(std::min(32, threads - 32 * w)));
    for (int row = 0; row < rows; row++) {
      blockBarrier = std::make_unique<std::barrier<>>(threads);
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; t++) pool.emplace_back([&, t, row] { threadIdx.x = t; blockIdx.x = row; cross_entropy_rows(logits.data(), targets, losses, columns, vocab, 1); });
      for (auto &th : pool) th.join();
    }
    double worstLoss = 0, worstGrad = 0; int zeros = 0, nans = 0;
    for (int row = 0; row < rows; row++) {
      double max = -1e30, sum = 0;
      for (int j = 0; j < vocab; j++) max = std::fmax(max, fl(original[row * columns + j]));
      for (int j = 0; j < vocab; j++) sum += std::exp(fl(original[row * columns + j]) - max);
      double lse = max + std::log(sum);
      long long t = targets[row];
      if (t == -100) { if (losses[row] != 0) printf("ignored row loss %f\n", losses[row]); }
      else if (t < 0 || t >= vocab) { if (!std::isnan(losses[row])) printf("bad target not NaN\n"); }
      else worstLoss = std::fmax(worstLoss, std::fabs(losses[row] - (lse - fl(original[row * columns + t]))));
      for (int j = 0; j < columns; j++) {
        float got = fl(logits[row * columns + j]);
        if (t == -100 || j >= vocab) { zeros += got == 0.0f; continue; }
        if (t < 0 || t >= vocab) { nans += std::isnan(got); continue; }
        double want = std::exp(fl(original[row * columns + j]) - lse) - (j == t ? 1 : 0);
        worstGrad = std::fmax(worstGrad, std::fabs(got - want));
      }
    }
    printf("threads %d: worst loss error %.2e, worst gradient error %.2e, zeros %d (want %d), NaNs %d (want %d)\n",
           threads, worstLoss, worstGrad, zeros, columns + 4 * (columns - vocab), nans, vocab);
    good = good && worstLoss < 1e-5 && worstGrad < 4e-3 && zeros == columns + 4 * (columns - vocab) && nans == vocab;
  }
  printf(good ? "PASS\n" : "FAIL\n");
  return good ? 0 : 1;
}
