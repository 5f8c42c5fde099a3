package dev.pedigree.api.sample;

/**
 * A sample's loss and weight at one step; its id split into the domain (index in the spec's {@code domains}, 0 for a
 * single corpus) and the window within it.
 *
 * @param contribution weight × loss: the sample's share of the step's objective
 */
record SampleLossView(long step, long id, int domain, long window, double loss, double weight, double contribution) {
  static SampleLossView of(long step, long id, double loss, double weight) {
    return new SampleLossView(step, id, (int) (id >>> 32), id & 0xFFFF_FFFFL, loss, weight, loss * weight);
  }
}
