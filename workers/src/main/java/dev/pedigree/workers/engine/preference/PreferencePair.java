package dev.pedigree.workers.engine.preference;

/** A prompt with a preferred and a dispreferred completion, as token ids. */
public record PreferencePair(int[] prompt, int[] chosen, int[] rejected) {
  /** The same pair with chosen and rejected exchanged, as reverse DPO trains on it. */
  public PreferencePair swapped() {
    return new PreferencePair(prompt, rejected, chosen);
  }
}
