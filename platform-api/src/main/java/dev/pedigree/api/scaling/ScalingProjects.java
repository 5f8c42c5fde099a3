package dev.pedigree.api.scaling;

import dev.pedigree.workers.engine.scaling.Coverage;
import java.util.List;

/**
 * The projects a law of {@code metric} could be asked of: those with a succeeded pretrain run that logged it, the
 * fittable ones first, then by name.
 *
 * @param minimum the runs, sizes and token counts a fit needs at least
 */
public record ScalingProjects(String metric, Coverage minimum, List<ScalingProject> projects) {}
