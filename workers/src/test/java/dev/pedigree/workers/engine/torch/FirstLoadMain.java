package dev.pedigree.workers.engine.torch;

import static org.bytedeco.pytorch.global.torch.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;

/** Run in a fresh JVM by {@link TorchRuntimeFirstLoadTest}: loads torch through the runtime and multiplies. */
public final class FirstLoadMain {
  private FirstLoadMain() {}

  public static void main(String[] args) {
    TorchRuntime.initialize();
    Tensor a = tensor(1f, 2f, 3f, 4f).view(2, 2);
    Tensor b = tensor(5f, 6f, 7f, 8f).view(2, 2);
    Tensor product = a.matmul(b).contiguous();
    float[] values = new float[4];
    new FloatPointer(product.data_ptr()).capacity(4).get(values);
    System.out.println("matmul=" + values[0] + "," + values[1] + "," + values[2] + "," + values[3]);
    System.out.println("threads=" + TorchRuntime.threads());
  }
}
