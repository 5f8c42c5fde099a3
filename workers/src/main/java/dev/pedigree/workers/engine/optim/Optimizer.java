package dev.pedigree.workers.engine.optim;

import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Updates a model's {@link dev.pedigree.workers.engine.model.Parameters} from their gradients, writing the fp32 values
 * and then calling {@code valuesChanged()}, and exposes its state for checkpoints.
 */
public interface Optimizer {
  /** The checkpoint metadata key that names the optimizer a checkpoint was written with. */
  String NAME_KEY = "optimizer";
  /** The checkpoint metadata key of {@link #steps()}. */
  String STEPS_KEY = "optimizer.steps";

  /** One update with the gradients in the parameters' flat gradient buffer. */
  void step(double learningRate);

  /** Optimizer steps taken. */
  long steps();

  /** {@code adamw}, {@code frugal}, …: what a checkpoint records under {@link #NAME_KEY}. */
  String name();

  /**
   * What a checkpoint's metadata must hold, besides the name and the steps, to lay the state out again (which
   * parameters have moments): keys that start with {@code optimizer.}.
   */
  Map<String, String> layoutMetadata();

  /**
   * The state tensors a checkpoint holds, by name prefix ({@code optim.m.}, {@code optim.v.}), each by parameter name
   * and with that parameter's shape: views that read and write the state.
   */
  Map<String, Map<String, Tensor>> stateTensors();

  /**
   * Takes the step count and the state's layout from a checkpoint, so that {@link #stateTensors()} then names the
   * tensors the checkpoint holds, ready to be read into.
   *
   * @param layout the checkpoint's metadata that {@link #layoutMetadata()} wrote
   */
  void restore(long steps, Map<String, String> layout);

  /** Bytes of optimizer state held now (moments and step counts are what differ between optimizers). */
  long stateBytes();

  /** Counts the times the state's layout changed (a reselection): a caller reports {@link #stateBytes()} anew. */
  default long layoutChanges() {
    return 0;
  }
}
