package dev.pedigree.workers.engine.optim;

import java.util.List;
import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.GenericList;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.OperatorHandle;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorType;
import org.bytedeco.pytorch.Type;

/**
 * libtorch's {@code aten::_fused_adamw_}, the kernel behind {@code torch.optim.AdamW(fused=True)}: one pass over
 * values, gradients and both moments (one kernel on CUDA). The bindings do not expose the op as a function, so it is
 * called through the dispatcher by its schema.
 */
final class FusedAdamWKernel {
  // Retained: the class may first load inside a caller's pointer scope, which would free the handle on closing.
  private static final OperatorHandle OPERATOR =
      Dispatcher.singleton().findSchemaOrThrow("aten::_fused_adamw_", "").retainReference();

  private FusedAdamWKernel() {}

  /**
   * One AdamW update in place of each of {@code values} and its {@code firstMoments} and {@code secondMoments}, whose
   * bias correction reads the step count from its {@code steps}, a float32 scalar on their device. The lists run in
   * parallel. Call within a pointer scope.
   */
  static void apply(List<Tensor> values, List<Tensor> grads, List<Tensor> firstMoments, List<Tensor> secondMoments,
      List<Tensor> steps, double learningRate, double weightDecay) {
    IValue none = new IValue();
    boolean amsgrad = false;
    boolean maximize = false;
    OPERATOR.callBoxed(new IValueVector(
        tensorList(values), tensorList(grads), tensorList(firstMoments), tensorList(secondMoments),
        tensorList(List.of()), tensorList(steps), new IValue(learningRate), new IValue(AdamW.BETA1),
        new IValue(AdamW.BETA2), new IValue(weightDecay), new IValue(AdamW.EPSILON), new IValue(amsgrad), new IValue(maximize), none, none));
  }

  private static IValue tensorList(List<Tensor> tensors) {
    GenericList list = new GenericList(new Type.TypePtr(TensorType.get()));
    for (Tensor tensor : tensors) {
      list.push_back(new IValue(tensor));
    }
    return new IValue(list);
  }
}
