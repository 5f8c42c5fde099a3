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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Writes a merged model tensor by tensor: for each tensor, read it from every input, merge, copy the result into an
 * output buffer and hand that to the safetensors writer, then free everything. Memory holds a few tensors of the
 * largest size, never a whole model.
 *
 * <p>The next tensor is merged on another thread while the writer hashes and writes the current one, in two output
 * buffers that take turns: the arithmetic hides behind the I/O instead of adding to it. One tensor is merged at a
 * time, in file order, so the bytes are the same as merging them one after another.
 */
final class StreamingMerge {
  private final MergeInputs inputs;
  private final List<String> parentRoles;
  private final String baseRole;
  private final TensorMerge merge;
  private final List<TensorHeader> tensors;
  private final ByteBuffer[] outputs = new ByteBuffer[2];
  private final ExecutorService ahead = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "merge-ahead");
    thread.setDaemon(true);
    return thread;
  });
  private Future<ByteBuffer> next;

  private StreamingMerge(MergeInputs inputs, List<String> parentRoles, String baseRole, TensorMerge merge) {
    this.inputs = inputs;
    this.parentRoles = parentRoles;
    this.baseRole = baseRole;
    this.merge = merge;
    this.tensors = List.copyOf(inputs.tensors().values());
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] =
          ByteBuffer.allocateDirect(Math.toIntExact(inputs.largestTensorBytes())).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /**
   * @param parentRoles the parents' roles in {@code inputs}, in spec order
   * @param baseRole the base's role, or null for methods without a base
   */
  static FileDigest write(Path target, Map<String, String> metadata, MergeInputs inputs, List<String> parentRoles,
      String baseRole, TensorMerge merge) {
    TorchRuntime.initialize();
    return new StreamingMerge(inputs, parentRoles, baseRole, merge).write(target, metadata);
  }

  private FileDigest write(Path target, Map<String, String> metadata) {
    List<TensorEntry> entries = new ArrayList<>();
    for (int index = 0; index < tensors.size(); index++) {
      TensorHeader tensor = tensors.get(index);
      int current = index;
      entries.add(new TensorEntry(tensor.name(), DType.F32, tensor.shape(), () -> takeAndMergeNext(current)));
    }
    try {
      if (!tensors.isEmpty()) {
        mergeAhead(0);
      }
      return SafeTensorsFiles.writeAtomically(target, metadata, entries);
    } finally {
      // The merging thread reads the inputs' buffers: it must be done before the caller closes them.
      ahead.shutdown();
      awaitQuietly();
    }
  }

  /**
   * Tensor {@code index}, merged; starts merging the one after it into the other buffer, which the writer is done
   * with: it asks for a tensor only once it has written the one before.
   */
  private ByteBuffer takeAndMergeNext(int index) {
    ByteBuffer merged;
    try {
      merged = next.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while merging " + tensors.get(index).name(), e);
    }
    if (index + 1 < tensors.size()) {
      mergeAhead(index + 1);
    }
    return merged;
  }

  private void mergeAhead(int index) {
    next = ahead.submit(() -> merged(tensors.get(index).name(), outputs[index % 2]));
  }

  private ByteBuffer merged(String name, ByteBuffer output) {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor base = baseRole == null ? null : inputs.read(baseRole, name);
      List<Tensor> parents = parentRoles.stream().map(role -> inputs.read(role, name)).toList();
      Tensor result = merge.merge(name, base, parents);
      output.clear();
      output.put(Tensors.hostBytes(result));
      return output.flip();
    }
  }

  private void awaitQuietly() {
    boolean interrupted = false;
    while (!ahead.isTerminated()) {
      try {
        ahead.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
