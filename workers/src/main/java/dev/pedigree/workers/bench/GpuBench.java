package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Training throughput of the engine's GPT ({@link TwinTraining}) beside its Python twin, bench/python/gpt_twin.py,
 * which takes the same options and prints the same {@code RESULT} lines; bench/python/compare.py pairs them.
 * BENCHMARKS.md ("GPU: Java vs Python") runs both on the lent GPU through ../shared/gpu.
 *
 * <pre>
 * GpuBench [--device auto|cuda|cpu] [--runs ref@32,ref@128,gpt2@16] [--warmup 10] [--steps 50] [--windows 3]
 *          [--matmul N] [--peak-tflops 989.4] [--attention flash|cudnn] [--loss fused|autograd]
 *          [--precision bf16|autocast]
 * </pre>
 *
 * Unset, {@code --attention}, {@code --loss} and {@code --precision} are the engine's own defaults
 * ({@code TorchRuntime}): on CUDA FlashAttention-2, the fused loss and bf16 weights.
 *
 * A run is {@code shape@batch} ({@link TwinShape}). Tokens/s is the median of the windows of {@code --steps} steps.
 * MFU = 6 · parameters · tokens/s (attention's own FLOPs not counted) over two ceilings: {@code mfu_peak} over the
 * datasheet's dense bf16 peak ({@code --peak-tflops}, 989.4 for an H100 SXM; none on the CPU) and {@code mfu_matmul}
 * over the n×n matmul rate this run measures (bf16 on CUDA, fp32 on the CPU).
 */
public final class GpuBench {
  private static final double H100_BF16_PEAK_TFLOPS = 989.4;
  private static final int MATMUL_REPEATS = 20;

  private GpuBench() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("GpuBench: " + e.getMessage());
      status = 2;
    }
    System.out.flush();
    // Exits at once, as the kit's example does: libtorch's static destructors at JVM shutdown can crash on CUDA.
    System.exit(status);
  }

  static int run(String[] args) {
    BenchOptions options = BenchOptions.parse(
        args, Set.of("device", "runs", "warmup", "steps", "windows", "matmul", "peak-tflops", "attention", "loss",
            "precision"));
    options.text("attention").ifPresent(attention -> System.setProperty(TorchRuntime.ATTENTION_PROPERTY, attention));
    options.text("loss").ifPresent(loss -> System.setProperty(TorchRuntime.LOSS_PROPERTY, loss));
    options.text("precision").ifPresent(precision -> System.setProperty(TorchRuntime.PRECISION_PROPERTY, precision));
    Device device = TorchRuntime.device(options.text("device").orElse("auto"));
    boolean bf16Weights = TorchRuntime.trainingWeightType(device) == ScalarType.BFloat16;
    boolean cuda = device.is_cuda();
    String deviceName = cuda ? "cuda" : "cpu";
    List<Run> runs = Arrays.stream(options.text("runs").orElse("ref@32,ref@128,gpt2@16").split(","))
        .map(String::strip).map(Run::parse).toList();
    int warmup = options.positiveInt("warmup", 10);
    int steps = options.positiveInt("steps", 50);
    int windows = options.positiveInt("windows", 3);
    double peakTflops = options.positiveDouble("peak-tflops", cuda ? H100_BF16_PEAK_TFLOPS : Double.NaN);

    ScalarType matmulType = cuda ? ScalarType.BFloat16 : ScalarType.Float;
    int matmulSize = options.positiveInt("matmul", cuda ? 8192 : 1024);
    double matmulTflops = MatmulCeiling.measure(matmulSize, MATMUL_REPEATS, device, matmulType).gflops() / 1e3;
    System.out.printf(Locale.ROOT, "RESULT impl=java kind=matmul device=%s dtype=%s n=%d tflops=%.3f%n", deviceName,
        cuda ? "bf16" : "fp32", matmulSize, matmulTflops);

    for (Run run : runs) {
      TwinShape shape = run.shape();
      System.out.printf(Locale.ROOT, "training %s at batch %d on %s: %d parameters, %s%n", shape.name(), run.batch(),
          deviceName, shape.parameters(), shape.config());
      TwinTraining.Result result =
          TwinTraining.measure(shape.config(), run.batch(), device, warmup, steps, windows);
      System.out.println("windows tokens/s: " + Arrays.toString(
          Arrays.stream(result.windowRates()).mapToLong(Math::round).toArray()));
      long tokensPerStep = (long) run.batch() * shape.config().contextLength();
      double tokensPerSecond = result.medianRate();
      double tflops = 6.0 * shape.parameters() * tokensPerSecond / 1e12;
      System.out.printf(Locale.ROOT,
          "RESULT impl=java kind=train device=%s shape=%s batch=%d params=%d tokens_per_step=%d tok_s=%.0f"
              + " ms_step=%.2f tflops_6N=%.3f mfu_peak=%.4f mfu_matmul=%.4f loss0=%.4f lossN=%.4f opt=adamw_fused_flat"
              + " amp=%s precision=%s attention=%s loss=%s%n",
          deviceName, shape.name(), run.batch(), shape.parameters(), tokensPerStep, tokensPerSecond,
          1000.0 * tokensPerStep / tokensPerSecond, tflops, tflops / peakTflops, tflops / matmulTflops,
          result.firstLoss(), result.lastLoss(), cuda && !bf16Weights ? "bf16" : "off",
          bf16Weights ? "bf16" : "autocast", TorchRuntime.attention(),
          cuda ? TorchRuntime.loss() : "autograd");
      StringBuilder phases = new StringBuilder("PHASES impl=java shape=" + shape.name() + " batch=" + run.batch());
      for (int phase = 0; phase < TwinTraining.PHASES.size(); phase++) {
        phases.append(String.format(Locale.ROOT, " %s_ms=%.2f", TwinTraining.PHASES.get(phase),
            result.phaseMillis()[phase]));
      }
      System.out.println(phases);
    }
    return 0;
  }

  private record Run(TwinShape shape, int batch) {
    static Run parse(String text) {
      String[] parts = text.split("@");
      if (parts.length != 2) {
        throw new IllegalArgumentException("a run is shape@batch, got '" + text + "'");
      }
      try {
        int batch = Integer.parseInt(parts[1]);
        if (batch > 0) {
          return new Run(TwinShape.named(parts[0]), batch);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("the batch of '" + text + "' must be a positive integer");
    }
  }
}
