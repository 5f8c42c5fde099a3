package dev.pedigree.workers.engine.reward;

/** G-arith answers: a non-negative integer without leading zeros. */
public final class ArithExactReward extends FormattedAnswerReward {
  public ArithExactReward() {
    super("0|[1-9][0-9]*");
  }

  @Override
  public String name() {
    return "arith-exact";
  }

  @Override
  public int version() {
    return 1;
  }
}
