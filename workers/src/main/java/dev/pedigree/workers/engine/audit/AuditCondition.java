package dev.pedigree.workers.engine.audit;

/**
 * One way of decoding the audited prompts: in consecutive groups of {@code batchSize}, left-padded as {@code Sampler}
 * pads them.
 *
 * @param kvCache whether decoding reuses keys and values (the Sampler's default) or recomputes the sequence each step
 * @param threads libtorch intra-op threads while decoding; 0 keeps the runtime's setting
 */
public record AuditCondition(Precision precision, int batchSize, boolean kvCache, int threads) {
  public AuditCondition {
    if (batchSize < 1 || threads < 0) {
      throw new IllegalArgumentException("need batchSize >= 1 and threads >= 0, got " + batchSize + ", " + threads);
    }
  }

  /** {@code precision} at {@code batchSize} with the Sampler's defaults (KV cache, the runtime's threads). */
  public static AuditCondition of(Precision precision, int batchSize) {
    return new AuditCondition(precision, batchSize, true, 0);
  }

  public AuditCondition withoutKvCache() {
    return new AuditCondition(precision, batchSize, false, threads);
  }

  public AuditCondition withThreads(int count) {
    return new AuditCondition(precision, batchSize, kvCache, count);
  }

  /** The same precision at batch 1, with the Sampler's defaults: what the precision's own outputs are checked against. */
  public AuditCondition ownBatchOne() {
    return of(precision, 1);
  }

  /** For instance {@code bf16 b16}, {@code fp32 b16 no-cache}, {@code fp32 b16 2 threads}. */
  public String label() {
    return precision.label() + " b" + batchSize + (kvCache ? "" : " no-cache")
        + (threads == 0 ? "" : " " + threads + (threads == 1 ? " thread" : " threads"));
  }
}
