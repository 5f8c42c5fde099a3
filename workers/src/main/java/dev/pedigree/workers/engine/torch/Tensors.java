package dev.pedigree.workers.engine.torch;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Moving raw tensor bytes between libtorch and Java buffers. */
public final class Tensors {
  private Tensors() {}

  public static TensorOptions options(ScalarType type, Device device) {
    return new TensorOptions(device).dtype(new ScalarTypeOptional(type));
  }

  /**
   * The bytes of {@code tensor} in row-major order, over a host copy when the tensor is on a device or not contiguous.
   * The buffer is valid until the enclosing {@link org.bytedeco.javacpp.PointerScope} closes.
   */
  public static ByteBuffer hostBytes(Tensor tensor) {
    Tensor host = tensor.is_cuda() ? tensor.cpu().contiguous() : tensor.contiguous();
    return new BytePointer(host.data_ptr()).capacity(host.nbytes()).asByteBuffer();
  }

  /** Overwrites all of {@code target} with {@code source}'s remaining bytes (row-major, the target's dtype). */
  public static void copyInto(Tensor target, ByteBuffer source) {
    if (source.remaining() != target.nbytes()) {
      throw new IllegalArgumentException(
          "expected " + target.nbytes() + " bytes for a tensor, got " + source.remaining());
    }
    boolean direct = !target.is_cuda() && target.is_contiguous();
    Tensor host = direct ? target : target.cpu().contiguous();
    new BytePointer(host.data_ptr()).capacity(host.nbytes()).asByteBuffer().put(source.duplicate());
    if (!direct) {
      target.copy_(host);
    }
  }
}
