package dev.pedigree.workers.engine;

import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.checkpoint.ResumePoint;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.optim.Optimizer;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.nio.file.Path;

/**
 * Where a segment run starts from another run's checkpoint: that run's weights, optimizer moments and step count,
 * step, data cursor and selection state. The checkpoint must come from a pretrain run with this run's model and data,
 * so the weights fit and the cursor means the same samples; the rest of the spec (learning rate, weight decay, clipping
 * …) is this run's own, which is what a population-based training member changes when it exploits another.
 */
final class SegmentStart {
  private SegmentStart() {}

  static ResumePoint restore(Path checkpoint, PretrainSpec spec, Parameters parameters, Optimizer optimizer) {
    PretrainSpec from = SpecJson.read(Checkpoints.specOf(checkpoint), PretrainSpec.class);
    if (!from.model().equals(spec.model())) {
      throw new IllegalArgumentException("the segment's checkpoint was written by a run with another model ("
          + from.model() + "); this run's is " + spec.model());
    }
    if (!from.data().equals(spec.data())) {
      throw new IllegalArgumentException("the segment's checkpoint was written by a run with other data ("
          + from.data() + "); this run's are " + spec.data() + ", and its data cursor would mean other samples");
    }
    ResumePoint start = Checkpoints.restore(checkpoint, parameters, optimizer);
    if (start.step() >= spec.totalSteps()) {
      throw new IllegalArgumentException("the segment's checkpoint is at step " + start.step()
          + ", not before the step the segment stops at (" + spec.totalSteps() + ")");
    }
    return start;
  }
}
