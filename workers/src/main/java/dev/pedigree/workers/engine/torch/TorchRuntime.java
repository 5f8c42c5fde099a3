package dev.pedigree.workers.engine.torch;

import static org.bytedeco.pytorch.global.torch.cuda_is_available;
import static org.bytedeco.pytorch.global.torch.get_num_threads;
import static org.bytedeco.pytorch.global.torch.globalContext;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The one place that loads libtorch. Every engine class that touches torch calls {@link #initialize()} first.
 *
 * <p>Intra-op threads come from the system property {@code pedigree.torch.threads}, else the environment variable
 * {@code PEDIGREE_TORCH_THREADS}, else {@code OMP_NUM_THREADS}; with none of them set libtorch keeps its default.
 *
 * <p>The attention kernel CUDA tries first comes from {@code pedigree.torch.attention}, else
 * {@code PEDIGREE_TORCH_ATTENTION}: {@code flash} (the default, libtorch 2.10's own order: FlashAttention-2) or
 * {@code cudnn} (cuDNN's fused attention first, then flash), which torch 2.11 picks on Hopper and Blackwell. On an
 * H100 cuDNN's made a GPT-2-small step 3% faster (context 1024) and the 19M reference model's 16% slower (context
 * 256), BENCHMARKS.md §6; libtorch cannot tell the chip from Java, so the choice is the operator's.
 *
 * <p>The training loss on CUDA comes from {@code pedigree.torch.loss}, else {@code PEDIGREE_TORCH_LOSS}:
 * {@code fused} (the default: the engine's own kernel, {@code model.FusedCrossEntropy}, which never makes fp32 copies
 * of the logits) or {@code autograd} (libtorch's cross-entropy). On the CPU the loss is always autograd's.
 *
 * <p>The weights a pretraining run computes with come from {@code pedigree.torch.precision}, else
 * {@code PEDIGREE_TORCH_PRECISION}: {@code autocast} (fp32 weights, and bf16 autocast on CUDA) or {@code bf16} (bf16
 * weights, activations and gradients, with fp32 master weights, gradient sums and optimizer state, as Megatron and
 * llm.c train; no autocast, so no activation casts). Unset, it is {@code bf16} on CUDA and {@code autocast} (plain
 * fp32) on the CPU, where bf16 is neither exact nor faster. On an H100 the fused loss and bf16 weights together made a
 * GPT-2-small step 1.43x faster than autocast with autograd's loss (BENCHMARKS.md §6).
 */
public final class TorchRuntime {
  public static final String THREADS_PROPERTY = "pedigree.torch.threads";
  public static final String ATTENTION_PROPERTY = "pedigree.torch.attention";
  public static final String LOSS_PROPERTY = "pedigree.torch.loss";
  public static final String PRECISION_PROPERTY = "pedigree.torch.precision";

  /** libtorch's SDPBackend numbers: cuDNN, flash, memory-efficient, math, overrideable. */
  private static final long[] CUDNN_FIRST = {3, 1, 2, 0, 4};

  private static volatile boolean initialized;

  private TorchRuntime() {}

  public static void initialize() {
    if (initialized) {
      return;
    }
    synchronized (TorchRuntime.class) {
      if (initialized) {
        return;
      }
      String attention = attention();
      cacheNativeResources();
      Loader.load(org.bytedeco.pytorch.global.torch.class);
      configuredThreads().ifPresent(threads -> set_num_threads(threads));
      if (attention.equals("cudnn")) {
        globalContext().setSDPPriorityOrder(new LongVector(CUDNN_FIRST));
      }
      initialized = true;
    }
  }

  /** Intra-op threads libtorch uses now. */
  public static int threads() {
    initialize();
    return get_num_threads();
  }

  /**
   * What an attempt computes on, as far as its bits depend on it: {@code cuda}, or {@code cpu} with libtorch's intra-op
   * threads and OpenBLAS's. fp32 products sum in another order at another BLAS thread count, so CPU runs are
   * bit-exact between attempts only when this label is the same.
   */
  public static String describe(Device device) {
    return device.is_cuda() ? "cuda" : "cpu (" + threads() + " aten, " + blasThreads() + " blas threads)";
  }

  /**
   * The size of OpenBLAS's own thread pool, which libtorch's fp32 GEMMs run on: OpenBLAS reads it once, when it loads,
   * from {@code OPENBLAS_NUM_THREADS}, else {@code GOTO_NUM_THREADS}, else {@code OMP_NUM_THREADS}, else the CPU count;
   * {@code torch.set_num_threads} does not change it.
   */
  public static int blasThreads() {
    return Stream.of("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
        .map(System::getenv)
        .filter(value -> value != null && value.strip().matches("[1-9][0-9]*(,.*)?"))
        .map(value -> Integer.parseInt(value.strip().split(",")[0]))
        .findFirst()
        .orElse(Runtime.getRuntime().availableProcessors());
  }

  /** Resolves {@code cpu | cuda | auto}; {@code cuda} without a usable GPU is an error, {@code auto} falls back. */
  public static Device device(String requested) {
    initialize();
    return switch (requested) {
      case "cpu" -> new Device("cpu");
      case "cuda" -> {
        if (!cuda_is_available()) {
          throw new IllegalStateException("device cuda requested but no CUDA device is available");
        }
        yield new Device("cuda:0");
      }
      case "auto" -> new Device(cuda_is_available() ? "cuda:0" : "cpu");
      default -> throw new IllegalArgumentException("unknown device: " + requested);
    };
  }

  /**
   * With an empty JavaCPP cache the first JVM that loads libtorch_cpu.so straight from the jar dies with SIGSEGV
   * (DESIGN.md §9); extracting every native library into the cache before the first torch class loads avoids it.
   */
  private static void cacheNativeResources() {
    String platform = Loader.getPlatform() + System.getProperty("org.bytedeco.javacpp.platform.extension", "");
    try {
      Loader.cacheResources("/org/bytedeco/openblas/" + platform + "/");
      Loader.cacheResources("/org/bytedeco/pytorch/" + platform + "/");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not cache the torch native libraries for " + platform, e);
    }
  }

  /** {@code flash} or {@code cudnn}: which fused attention kernel CUDA tries first. */
  public static String attention() {
    return choice(ATTENTION_PROPERTY, "PEDIGREE_TORCH_ATTENTION", "flash", "cudnn");
  }

  /** {@code fused} or {@code autograd}: how the training loss is computed on CUDA. */
  public static String loss() {
    return choice(LOSS_PROPERTY, "PEDIGREE_TORCH_LOSS", "fused", "autograd");
  }

  /** The dtype of a pretraining run's working weights on {@code device}: fp32 ({@code autocast}) or bf16. */
  public static ScalarType trainingWeightType(Device device) {
    String precision = configured(PRECISION_PROPERTY, "PEDIGREE_TORCH_PRECISION", "autocast", "bf16")
        .orElse(device.is_cuda() ? "bf16" : "autocast");
    return precision.equals("bf16") ? ScalarType.BFloat16 : ScalarType.Float;
  }

  /** The system property, else the environment variable, else the default (the first of the allowed values). */
  private static String choice(String property, String variable, String... allowed) {
    return configured(property, variable, allowed).orElse(allowed[0]);
  }

  private static Optional<String> configured(String property, String variable, String... allowed) {
    Optional<String> value = Optional.ofNullable(System.getProperty(property))
        .or(() -> Optional.ofNullable(System.getenv(variable)))
        .map(String::strip);
    if (value.isPresent() && !Arrays.asList(allowed).contains(value.get())) {
      throw new IllegalArgumentException(variable + " (" + property + ") must be " + String.join(" or ", allowed)
          + ", got '" + value.get() + "'");
    }
    return value;
  }

  private static Optional<Integer> configuredThreads() {
    return Optional.ofNullable(System.getProperty(THREADS_PROPERTY))
        .or(() -> Optional.ofNullable(System.getenv("PEDIGREE_TORCH_THREADS")))
        .or(() -> Optional.ofNullable(System.getenv("OMP_NUM_THREADS")))
        .flatMap(TorchRuntime::leadingCount);
  }

  /** OpenMP also accepts per-level lists such as {@code "4,2"}; the first level is the intra-op count. */
  private static Optional<Integer> leadingCount(String value) {
    try {
      int threads = Integer.parseInt(value.split(",")[0].trim());
      return threads > 0 ? Optional.of(threads) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
