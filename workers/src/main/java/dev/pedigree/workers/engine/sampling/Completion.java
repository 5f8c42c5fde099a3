package dev.pedigree.workers.engine.sampling;

/**
 * The tokens generated for one prompt, without the prompt.
 *
 * @param stopped whether the row ended on the stop token (then its last token); otherwise it hit the token limit
 */
public record Completion(int[] tokens, boolean stopped) {}
