package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.empty;

import dev.pedigree.workers.engine.IncompatibleModelsException;
import dev.pedigree.workers.engine.checkpoint.DType;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.checkpoint.TensorHeader;
import dev.pedigree.workers.engine.torch.Tensors;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The model files of a merge, open for reading one tensor at a time, checked on opening to be mergeable: the same
 * architecture and tokenizer, and the same fp32 tensor names and shapes, as the first parent.
 */
final class MergeInputs implements Closeable {
  private final ModelFiles.Header header;
  private final Map<String, SafeTensorsReader> readers;
  private final Map<String, TensorHeader> tensors;
  /** One buffer per input, the size of the largest tensor, reused for every read: no allocation per tensor. */
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();

  private MergeInputs(ModelFiles.Header header, Map<String, SafeTensorsReader> readers,
      Map<String, TensorHeader> tensors) {
    this.header = header;
    this.readers = readers;
    this.tensors = tensors;
    long largest = tensors.values().stream().mapToLong(TensorHeader::byteSize).max().orElse(0) / DType.F32.bytes();
    readers.keySet().forEach(role -> buffers.put(role, empty(new long[] {largest},
        Tensors.options(ScalarType.Float, new Device("cpu")), new MemoryFormatOptional())));
  }

  /** @param files model files by role, the first parent first; the base, if any, under its role */
  static MergeInputs open(Map<String, Path> files) {
    Map<String, SafeTensorsReader> readers = new LinkedHashMap<>();
    try {
      ModelFiles.Header reference = null;
      String referenceRole = null;
      Map<String, TensorHeader> tensors = null;
      for (Map.Entry<String, Path> file : files.entrySet()) {
        ModelFiles.Header header = ModelFiles.header(file.getValue());
        SafeTensorsReader reader = SafeTensorsReader.open(file.getValue());
        readers.put(file.getKey(), reader);
        if (reference == null) {
          reference = header;
          referenceRole = file.getKey();
          tensors = reader.tensors();
          checkFloat32(referenceRole, tensors);
        } else {
          checkCompatible(referenceRole, reference, tensors, file.getKey(), header, reader.tensors());
        }
      }
      return new MergeInputs(reference, readers, tensors);
    } catch (IOException | RuntimeException e) {
      closeAll(readers.values());
      if (e instanceof IOException io) {
        throw new UncheckedIOException("could not open the models to merge", io);
      }
      throw (RuntimeException) e;
    }
  }

  ModelFiles.Header header() {
    return header;
  }

  /** Tensor names and shapes, in the first parent's order. */
  Map<String, TensorHeader> tensors() {
    return tensors;
  }

  /**
   * Tensor {@code name} of the model under {@code role}, read straight into that input's buffer: the tensor is valid
   * until the next read from the same input.
   */
  Tensor read(String role, String name) {
    TensorHeader tensor = tensors.get(name);
    Tensor target = buffers.get(role).narrow(0, 0, tensor.byteSize() / DType.F32.bytes()).view(tensor.shape());
    try {
      readers.get(role).read(name, Tensors.hostBytes(target));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + name + " of " + role, e);
    }
    return target;
  }

  long parameterCount() {
    return tensors.values().stream().mapToLong(tensor -> tensor.byteSize() / DType.F32.bytes()).sum();
  }

  /** The largest tensor's size in bytes. */
  long largestTensorBytes() {
    return tensors.values().stream().mapToLong(TensorHeader::byteSize).max().orElse(0);
  }

  @Override
  public void close() {
    buffers.values().forEach(Tensor::close);
    closeAll(readers.values());
  }

  private static void checkFloat32(String role, Map<String, TensorHeader> tensors) {
    tensors.values().stream().filter(tensor -> tensor.dtype() != DType.F32).findFirst().ifPresent(tensor -> {
      throw new IncompatibleModelsException(
          role + ": tensor " + tensor.name() + " is " + tensor.dtype() + "; merges read F32 weights only");
    });
  }

  private static void checkCompatible(String referenceRole, ModelFiles.Header reference,
      Map<String, TensorHeader> referenceTensors, String role, ModelFiles.Header header,
      Map<String, TensorHeader> tensors) {
    String mismatch = role + " cannot be merged with " + referenceRole + ": ";
    if (!reference.config().equals(header.config())) {
      throw new IncompatibleModelsException(
          mismatch + "architecture " + header.config() + " differs from " + reference.config());
    }
    if (!reference.metadata().get("tokenizer").equals(header.metadata().get("tokenizer"))) {
      throw new IncompatibleModelsException(mismatch + "the tokenizers differ");
    }
    List<String> missing = new ArrayList<>(referenceTensors.keySet());
    missing.removeAll(tensors.keySet());
    List<String> extra = new ArrayList<>(tensors.keySet());
    extra.removeAll(referenceTensors.keySet());
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IncompatibleModelsException(mismatch + "tensors " + missing + " missing, " + extra + " extra");
    }
    for (TensorHeader expected : referenceTensors.values()) {
      TensorHeader actual = tensors.get(expected.name());
      if (actual.dtype() != expected.dtype() || !Arrays.equals(actual.shape(), expected.shape())) {
        throw new IncompatibleModelsException(mismatch + expected.name() + " is " + describe(actual) + ", not "
            + describe(expected));
      }
    }
  }

  private static String describe(TensorHeader tensor) {
    return tensor.dtype() + Arrays.toString(tensor.shape());
  }

  private static void closeAll(Iterable<SafeTensorsReader> readers) {
    for (SafeTensorsReader reader : readers) {
      try {
        reader.close();
      } catch (IOException e) {
        // Read-only files: nothing is lost when a close fails.
      }
    }
  }
}
