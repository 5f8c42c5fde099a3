package dev.pedigree.workers.engine.optim;

import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.OptimizerSpec;

/** The optimizer a training spec names, over a model's parameters. */
public final class Optimizers {
  /** The metric that reports {@link Optimizer#stateBytes()}. */
  public static final String STATE_BYTES_METRIC = "optim/state_bytes";

  private Optimizers() {}

  public static Optimizer of(OptimizationSpec training, Parameters parameters) {
    OptimizerSpec optimizer = training.chosenOptimizer();
    return switch (optimizer.name()) {
      case OptimizerSpec.ADAMW -> new AdamW(parameters, training.weightDecay());
      case OptimizerSpec.FRUGAL -> new Frugal(parameters, training.weightDecay(), new Frugal.Settings(
          optimizer.density(), optimizer.reselectEvery(), optimizer.stateFreeLrScale()), training.seed());
      case OptimizerSpec.SIGN_SGD -> Frugal.signSgd(parameters, training.weightDecay());
      default -> throw new IllegalArgumentException("unknown optimizer " + optimizer.name());
    };
  }
}
