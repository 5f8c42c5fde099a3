package dev.pedigree.workers.engine.merge;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** How one tensor of a merged model is computed from the same tensor of each parent, and of the base. */
public interface TensorMerge {
  /**
   * @param name the tensor's name, for methods that treat tensors differently or seed per tensor
   * @param base the base model's tensor; null for methods that take no base
   * @param parents the parents' tensors in spec order, all of one shape, fp32 on the CPU
   */
  Tensor merge(String name, Tensor base, List<Tensor> parents);
}
