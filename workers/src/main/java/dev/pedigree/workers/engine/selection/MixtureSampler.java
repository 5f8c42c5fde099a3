package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.data.TokenWindows;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Device;

/**
 * Samples of a multi-domain corpus, drawn with replacement: the sample at a cursor picks its domain by the current
 * mixture weights, then a window of that domain uniformly, both from a stream of the seed and the cursor. With the
 * weights restored, a resumed run draws the same samples without any per-domain read position to save.
 */
public final class MixtureSampler implements BatchSampler {
  private static final long SALT = 0x6d69787475726573L;

  private final List<Domain> domains;
  private final long seed;
  private final Supplier<double[]> weights;

  /** @param weights the mixture in effect, one weight per domain, summing to 1 */
  public MixtureSampler(List<Domain> domains, long seed, Supplier<double[]> weights) {
    this.domains = domains;
    this.seed = seed;
    this.weights = weights;
  }

  @Override
  public SampledBatch batchAt(long cursor, int size, Device device) {
    double[] mixture = weights.get();
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      SplitMix64 random = SplitMix64.forStream(seed ^ SALT, cursor + i);
      int domain = pick(mixture, random.nextDouble());
      ids[i] = SampledBatch.sampleId(domain, random.nextInt(domains.get(domain).train().count()));
    }
    return new SampledBatch(Batch.of(gather(domain -> domains.get(domain).train(), ids), size, device), ids);
  }

  /** The domain whose share of the cumulative weights holds {@code uniform}; never one of weight 0. */
  static int pick(double[] weights, double uniform) {
    double cumulative = 0;
    int last = 0;
    for (int domain = 0; domain < weights.length; domain++) {
      if (weights[domain] > 0) {
        cumulative += weights[domain];
        last = domain;
        if (uniform < cumulative) {
          return domain;
        }
      }
    }
    return last;
  }

  /** {@code size} windows drawn uniformly from {@code windows} by {@code random}, as a batch of domain {@code domain}. */
  static SampledBatch uniformBatch(int domain, TokenWindows windows, SplitMix64 random, int size, Device device) {
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = SampledBatch.sampleId(domain, random.nextInt(windows.count()));
    }
    return new SampledBatch(Batch.of(gather(any -> windows, ids), size, device), ids);
  }

  /** The token ids of the samples {@code ids}, row after row. */
  static long[] gather(IntFunction<TokenWindows> windowsOfDomain, long[] ids) {
    int length = windowsOfDomain.apply(SampledBatch.domainOf(ids[0])).windowLength();
    long[] tokens = new long[ids.length * length];
    for (int row = 0; row < ids.length; row++) {
      long[] window = windowsOfDomain.apply(SampledBatch.domainOf(ids[row])).gather(new int[] {(int) ids[row]});
      System.arraycopy(window, 0, tokens, row * length, length);
    }
    return tokens;
  }
}
