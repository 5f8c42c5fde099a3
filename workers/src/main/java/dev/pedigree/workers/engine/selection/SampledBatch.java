package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.Batch;

/**
 * A training batch and the stable ids of its samples: {@code domain << 32 | window}, where {@code window} indexes the
 * domain's training windows (domain 0 for a single-source corpus, so there the id is the window).
 */
public record SampledBatch(Batch batch, long[] sampleIds) {
  public static long sampleId(int domain, int window) {
    return (long) domain << 32 | window;
  }

  public static int domainOf(long sampleId) {
    return (int) (sampleId >>> 32);
  }
}
