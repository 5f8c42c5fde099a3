package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.data.SampleOrder;
import dev.pedigree.workers.engine.data.TokenWindows;
import java.util.Arrays;
import org.bytedeco.pytorch.Device;

/** A single-source corpus read epoch by epoch in the {@link SampleOrder} of the run's seed. */
public final class CorpusSampler implements BatchSampler {
  private final TokenWindows windows;
  private final SampleOrder order;

  public CorpusSampler(TokenWindows windows, long seed) {
    this.windows = windows;
    this.order = new SampleOrder(windows.count(), seed);
  }

  @Override
  public SampledBatch batchAt(long cursor, int size, Device device) {
    int[] samples = order.batchAt(cursor, size);
    long[] ids = Arrays.stream(samples).mapToLong(window -> SampledBatch.sampleId(0, window)).toArray();
    return new SampledBatch(Batch.of(windows.gather(samples), size, device), ids);
  }
}
