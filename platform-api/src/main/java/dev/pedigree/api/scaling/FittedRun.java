package dev.pedigree.api.scaling;

import java.util.UUID;

/**
 * A run the law rests on.
 *
 * @param parameters N, non-embedding parameters
 * @param tokens D, tokens trained on
 * @param loss the metric's value at the run's last step
 * @param fitted the law's value at N, D
 * @param residual {@code loss − fitted}
 */
public record FittedRun(UUID id, String name, long parameters, long tokens, double loss, double fitted,
    double residual) {}
