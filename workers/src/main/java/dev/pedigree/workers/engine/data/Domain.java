package dev.pedigree.workers.engine.data;

/** One source of a multi-domain corpus, tokenized: its mixture weight (not normalized) and both splits. */
public record Domain(String name, double weight, TokenWindows train, TokenWindows validation) {}
