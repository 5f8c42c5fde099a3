package dev.pedigree.workers.engine.preference;

/** A prompt with a preferred and a dispreferred completion, as token ids. */
public record PreferencePair(int[] prompt, int[] chosen, int[] rejected) {}
