package dev.pedigree.workers.engine.reward;

import java.util.List;

/** The rewards of {@code RewardCatalog} by name. */
public final class Rewards {
  private static final List<Reward> ALL = List.of(new ArithExactReward(), new SequenceExactReward(),
      new SentimentReward());

  private Rewards() {}

  public static List<Reward> all() {
    return ALL;
  }

  public static Reward of(String name) {
    return ALL.stream().filter(reward -> reward.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown reward: " + name));
  }
}
