package dev.pedigree.workers.engine.preference;

import java.util.Optional;

/**
 * A prompt with a preferred and a dispreferred completion, as token ids, and their rewards when the pair was sampled
 * and scored here (pairs read from a file have none).
 */
public record PreferencePair(int[] prompt, int[] chosen, int[] rejected, Optional<Scores> scores) {
  /** The rewards of the chosen and of the rejected completion. */
  public record Scores(double chosen, double rejected) {}

  /** An unscored pair, as read from a file. */
  public PreferencePair(int[] prompt, int[] chosen, int[] rejected) {
    this(prompt, chosen, rejected, Optional.empty());
  }

  /** The same pair with chosen and rejected exchanged, as reverse DPO trains on it. */
  public PreferencePair swapped() {
    return new PreferencePair(prompt, rejected, chosen, scores.map(s -> new Scores(s.rejected(), s.chosen())));
  }
}
