package dev.pedigree.workers.engine.sampling;

import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.rand;

import dev.pedigree.workers.engine.torch.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The sampler's randomness as a counter-based stream: draw {@code n} comes from a CPU torch generator seeded with a hash
 * of {@code (seed, n)}. Its whole state is {@code (seed, draws)}, two numbers a checkpoint can store, and a stream
 * restored with {@link #at(long, long)} continues exactly where the saved one was, on any device, without replaying
 * earlier draws. Not thread-safe.
 */
public final class SamplingRandom {
  private final long seed;
  private long draws;

  private SamplingRandom(long seed, long draws) {
    if (draws < 0) {
      throw new IllegalArgumentException("draws must be >= 0, was " + draws);
    }
    this.seed = seed;
    this.draws = draws;
  }

  public static SamplingRandom seeded(long seed) {
    return new SamplingRandom(seed, 0);
  }

  /** The stream of {@code seed} after {@code draws} draws, as saved from {@link #seed()} and {@link #draws()}. */
  public static SamplingRandom at(long seed, long draws) {
    return new SamplingRandom(seed, draws);
  }

  public long seed() {
    return seed;
  }

  /** Draws taken so far; each call of {@link #uniform} is one draw, whatever its size. */
  public long draws() {
    return draws;
  }

  /** {@code count} independent fp32 uniforms in (0, 1], on the CPU. */
  Tensor uniform(long count) {
    GeneratorOptional generator = new GeneratorOptional(make_generator_cpu(streamSeed(seed, draws)));
    draws++;
    Tensor unit = rand(new long[] {count}, generator, Tensors.options(ScalarType.Float, new Device("cpu")));
    return unit.neg_().add_(new Scalar(1.0));
  }

  /** SplitMix64's finalizer over the draw index, so neighbouring draws and seeds get unrelated generator seeds. */
  private static long streamSeed(long seed, long draw) {
    long z = seed + (draw + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }
}
