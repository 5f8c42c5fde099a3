package dev.pedigree.workers.engine.reward;

/** G-seq answers: single digits separated by single spaces. */
public final class SequenceExactReward extends FormattedAnswerReward {
  public SequenceExactReward() {
    super("[0-9]( [0-9])*");
  }

  @Override
  public String name() {
    return "seq-exact";
  }

  @Override
  public int version() {
    return 1;
  }
}
