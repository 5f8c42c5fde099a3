package dev.pedigree.workers.engine.merge;

import dev.pedigree.workers.engine.checkpoint.DType;
import dev.pedigree.workers.engine.checkpoint.FileDigest;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsFiles;
import dev.pedigree.workers.engine.checkpoint.TensorEntry;
import dev.pedigree.workers.engine.checkpoint.TensorHeader;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Writes a merged model tensor by tensor: for each tensor, read it from every input, merge, copy the result into one
 * reused output buffer and hand that to the safetensors writer, then free everything. Memory holds a few tensors of
 * the largest size, never a whole model.
 */
final class StreamingMerge {
  private StreamingMerge() {}

  /**
   * @param parentRoles the parents' roles in {@code inputs}, in spec order
   * @param baseRole the base's role, or null for methods without a base
   */
  static FileDigest write(Path target, Map<String, String> metadata, MergeInputs inputs, List<String> parentRoles,
      String baseRole, TensorMerge merge) {
    TorchRuntime.initialize();
    ByteBuffer output =
        ByteBuffer.allocateDirect(Math.toIntExact(inputs.largestTensorBytes())).order(ByteOrder.LITTLE_ENDIAN);
    List<TensorEntry> entries = new ArrayList<>();
    for (TensorHeader tensor : inputs.tensors().values()) {
      entries.add(new TensorEntry(tensor.name(), DType.F32, tensor.shape(),
          () -> merged(inputs, tensor.name(), parentRoles, baseRole, merge, output)));
    }
    return SafeTensorsFiles.writeAtomically(target, metadata, entries);
  }

  private static ByteBuffer merged(MergeInputs inputs, String name, List<String> parentRoles, String baseRole,
      TensorMerge merge, ByteBuffer output) {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor base = baseRole == null ? null : inputs.read(baseRole, name);
      List<Tensor> parents = parentRoles.stream().map(role -> inputs.read(role, name)).toList();
      Tensor result = merge.merge(name, base, parents);
      output.clear();
      output.put(Tensors.hostBytes(result));
      return output.flip();
    }
  }
}
