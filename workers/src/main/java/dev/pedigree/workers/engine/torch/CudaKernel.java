package dev.pedigree.workers.engine.torch;

import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.cuCtxGetCurrent;
import static org.bytedeco.cuda.global.cudart.cuCtxGetDevice;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuGetErrorString;
import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.nvrtc.NVRTC_SUCCESS;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetErrorString;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTX;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTXSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * A CUDA C kernel compiled at run time by NVRTC for the GPU in use and launched on libtorch's current stream: the
 * engine's way to the fused kernels eager libtorch lacks. It runs in the device's primary context, the one libtorch
 * uses. Tensors are passed by their device address; the caller checks their dtype, shape and contiguity, which a
 * kernel cannot.
 */
public final class CudaKernel {
  private final String name;
  private final CUctx_st context;
  private final CUfunc_st function;

  private CudaKernel(String name, CUctx_st context, CUfunc_st function) {
    this.name = name;
    this.context = context;
    this.function = function;
  }

  /** Compiles {@code source} for the current CUDA device and finds its {@code extern "C"} kernel {@code name}. */
  public static CudaKernel compile(String source, String name) {
    TorchRuntime.initialize();
    try (PointerScope scope = new PointerScope()) {
      CUDAStream stream = torch_cuda.getCurrentCUDAStream();
      check(cuInit(0), "cuInit");
      CUctx_st context = new CUctx_st();
      check(cuDevicePrimaryCtxRetain(context, stream.device_index()), "cuDevicePrimaryCtxRetain");
      check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
      byte[] ptx = ptx(source, name, architecture());
      CUmod_st module = new CUmod_st();
      check(cuModuleLoadData(module, new BytePointer(ptx)), "cuModuleLoadData");
      CUfunc_st function = new CUfunc_st();
      check(cuModuleGetFunction(function, module, name), "cuModuleGetFunction " + name);
      return new CudaKernel(name, context, function);
    }
  }

  /**
   * Launches {@code blocks} blocks of {@code threads} threads; each argument is a {@link Tensor} (its data address),
   * an {@link Integer} or a {@link Float}, in the kernel's parameter order.
   */
  public void launch(int blocks, int threads, Object... arguments) {
    try (PointerScope scope = new PointerScope()) {
      PointerPointer<Pointer> values = new PointerPointer<>(arguments.length);
      for (int i = 0; i < arguments.length; i++) {
        values.put(i, argument(arguments[i]));
      }
      CUctx_st current = new CUctx_st();
      check(cuCtxGetCurrent(current), "cuCtxGetCurrent");
      if (current.address() != context.address()) {
        check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
      }
      CUstream_st stream = torch_cuda.getCurrentCUDAStream().stream();
      check(cuLaunchKernel(function, blocks, 1, 1, threads, 1, 1, 0, stream, values, (PointerPointer<?>) null),
          "launching " + name);
    }
  }

  private static Pointer argument(Object value) {
    if (value instanceof Tensor tensor) {
      return new LongPointer(1).put(tensor.data_ptr().address());
    } else if (value instanceof Integer number) {
      return new IntPointer(1).put(number);
    } else if (value instanceof Float number) {
      return new FloatPointer(1).put(number);
    }
    throw new IllegalArgumentException("a kernel argument is a Tensor, Integer or Float, got " + value);
  }

  /** {@code compute_XY} of the current context's device, for PTX the driver finishes for exactly that chip. */
  private static String architecture() {
    int[] device = new int[1];
    check(cuCtxGetDevice(device), "cuCtxGetDevice");
    int[] major = new int[1];
    int[] minor = new int[1];
    check(cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device[0]), "cuDeviceGetAttribute");
    check(cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device[0]), "cuDeviceGetAttribute");
    return "compute_" + major[0] + minor[0];
  }

  private static byte[] ptx(String source, String name, String architecture) {
    _nvrtcProgram program = new _nvrtcProgram();
    checkNvrtc(nvrtcCreateProgram(program, new BytePointer(source), new BytePointer(name + ".cu"), 0,
        (PointerPointer<?>) null, (PointerPointer<?>) null), "nvrtcCreateProgram");
    try {
      int compiled = nvrtcCompileProgram(program, 1, new PointerPointer<>("--gpu-architecture=" + architecture));
      if (compiled != NVRTC_SUCCESS) {
        SizeTPointer size = new SizeTPointer(1);
        nvrtcGetProgramLogSize(program, size);
        BytePointer log = new BytePointer(size.get());
        nvrtcGetProgramLog(program, log);
        throw new IllegalStateException("NVRTC could not compile " + name + " for " + architecture + ": "
            + nvrtcGetErrorString(compiled).getString() + "\n" + log.getString());
      }
      SizeTPointer size = new SizeTPointer(1);
      checkNvrtc(nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize");
      BytePointer ptx = new BytePointer(size.get());
      checkNvrtc(nvrtcGetPTX(program, ptx), "nvrtcGetPTX");
      byte[] bytes = new byte[(int) size.get()];
      ptx.get(bytes);
      return bytes;
    } finally {
      nvrtcDestroyProgram(program);
    }
  }

  private static void check(int result, String call) {
    if (result != CUDA_SUCCESS) {
      PointerPointer<BytePointer> message = new PointerPointer<>(1);
      boolean described = cuGetErrorString(result, message) == CUDA_SUCCESS && !message.get(0).isNull();
      throw new IllegalStateException(call + " failed: CUDA error " + result
          + (described ? " (" + message.getString(0) + ")" : ""));
    }
  }

  private static void checkNvrtc(int result, String call) {
    if (result != NVRTC_SUCCESS) {
      throw new IllegalStateException(call + " failed: " + nvrtcGetErrorString(result).getString());
    }
  }
}
