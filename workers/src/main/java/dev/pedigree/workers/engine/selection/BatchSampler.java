package dev.pedigree.workers.engine.selection;

import org.bytedeco.pytorch.Device;

/** Which training samples a run consumes: the batch at a cursor (samples consumed so far) depends on nothing else. */
public interface BatchSampler {
  SampledBatch batchAt(long cursor, int size, Device device);
}
