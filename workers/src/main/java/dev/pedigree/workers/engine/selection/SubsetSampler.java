package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.data.SplitMix64;
import java.util.List;
import org.bytedeco.pytorch.Device;

/**
 * Samples drawn uniformly, with replacement, from a fixed subset of a multi-domain corpus's windows: the sample at a
 * cursor comes from a stream of the seed and the cursor, so a resumed run draws the same samples.
 */
final class SubsetSampler implements BatchSampler {
  private static final long SALT = 0x7375627365747321L;

  private final List<Domain> domains;
  private final long[] subset;
  private final long seed;

  /** @param subset sample ids ({@link SampledBatch#sampleId}), not empty */
  SubsetSampler(List<Domain> domains, long[] subset, long seed) {
    this.domains = domains;
    this.subset = subset;
    this.seed = seed;
  }

  @Override
  public SampledBatch batchAt(long cursor, int size, Device device) {
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = subset[SplitMix64.forStream(seed ^ SALT, cursor + i).nextInt(subset.length)];
    }
    return new SampledBatch(
        Batch.of(MixtureSampler.gather(domain -> domains.get(domain).train(), ids), size, device), ids);
  }
}
