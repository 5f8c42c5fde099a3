package dev.pedigree.workers.engine.reward;

import dev.pedigree.workers.engine.data.TaskProblem;

/**
 * A programmatic reward: a pure function of a prompt's problem and a completion's text. Its name and version are
 * recorded in lineage and in the models it trains ({@code name@version}); change the scoring, bump the version.
 */
public interface Reward {
  String name();

  int version();

  /** @param completion the generated text after the prompt, including a final stop character if one was emitted */
  double score(TaskProblem problem, String completion);

  /** Whether a score counts as a solved problem, for accuracy metrics: a score of at least 1. */
  default boolean solved(double score) {
    return score >= 1.0;
  }

  default String qualifiedName() {
    return name() + "@" + version();
  }
}
