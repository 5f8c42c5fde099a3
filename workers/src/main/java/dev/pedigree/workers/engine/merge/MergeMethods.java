package dev.pedigree.workers.engine.merge;

import dev.pedigree.workflows.spec.MergeSpec;

/** The tensor merge a spec's method names; Self-Positioning's comes from its learned coefficients instead. */
final class MergeMethods {
  private MergeMethods() {}

  static TensorMerge of(MergeSpec spec) {
    return switch (spec.method()) {
      case MergeSpec.LINEAR -> new LinearMerge(spec.weights());
      case MergeSpec.TASK_ARITHMETIC -> TaskArithmetic.of(spec.scale(), spec.weights());
      case MergeSpec.TIES -> new TiesMerge(spec.weights(), spec.density(), spec.scale());
      case MergeSpec.DARE -> new DareMerge(spec.weights(), spec.density(), spec.scale(), spec.seed());
      case MergeSpec.SLERP -> new SlerpMerge(spec.t());
      default -> throw new IllegalArgumentException("no tensor merge for method " + spec.method());
    };
  }
}
