package dev.pedigree.api.scaling;

import dev.pedigree.workers.engine.scaling.ScalingLaw;
import java.util.List;

/**
 * A law fitted to the succeeded pretrain runs of {@code project} (every project when null) that logged
 * {@code metric}, and those runs, newest first.
 */
public record ScalingLawResponse(String project, String metric, ScalingLaw law, List<FittedRun> runs) {}
