package dev.pedigree.api.sample;

import java.util.List;

/** A worker's per-sample losses of some steps of one attempt (POST /runs/{id}/samples). */
record SampleLossBatch(Integer attempt, List<Row> samples) {
  /**
   * @param slot the sample's place in its step: micro-batch × batch size + row
   * @param id the stable sample id, {@code domain << 32 | window}
   */
  record Row(Long step, Integer slot, Long id, Double loss, Double weight) {}
}
