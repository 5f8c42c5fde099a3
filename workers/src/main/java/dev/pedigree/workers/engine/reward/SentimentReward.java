package dev.pedigree.workers.engine.reward;

import dev.pedigree.workers.engine.data.Lexicon;
import dev.pedigree.workers.engine.data.TaskProblem;

/** METHODS.md §3.2's programmatic sentiment: positive minus negative lexicon words in the continuation. */
public final class SentimentReward implements Reward {
  @Override
  public String name() {
    return "sentiment";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public double score(TaskProblem problem, String completion) {
    return Lexicon.standard().sentimentScore(completion);
  }
}
