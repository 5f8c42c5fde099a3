package dev.pedigree.workers.engine.selection;

import java.nio.file.Path;
import java.util.Map;

/**
 * A saved data-selection scorer (PreSelect's hashed n-gram logistic regression), an artifact of kind {@code scorer}.
 *
 * @param metrics what was measured of it, e.g. {@code scorer_spearman} on held-out windows
 */
public record ScorerFile(Path path, String sha256, long bytes, Map<String, Double> metrics) {}
