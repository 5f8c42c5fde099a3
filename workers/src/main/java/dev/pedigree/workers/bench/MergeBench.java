package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.DType;
import dev.pedigree.workers.engine.checkpoint.FileDigest;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsFiles;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.checkpoint.TensorEntry;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.merge.MergeJob;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.ParameterShape;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.MergeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code pedigree bench merge [--layers 16] [--rounds 3]}: writes a base and three parent models of a d=768 GPT (16
 * layers: 114M parameters, 456 MB each) with random weights, then in one JVM times, for a linear merge of the three
 * parents and a TIES merge of them onto the base, the {@code merge} job against reading the same inputs and writing an
 * output of the same size, tensor by tensor, with no arithmetic: in alternating rounds, since this machine's disk
 * time swings by 2× from one minute to the next. Reports the ratio of the medians (target ≤ 2) and the peak RSS of
 * each. Fails (exit 1) when a merge takes more than twice its I/O.
 */
public final class MergeBench {
  private static final double TARGET_RATIO = 2.0;

  private MergeBench() {}

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("layers", "rounds"));
    int rounds = options.positiveInt("rounds", 3);
    GptConfig config = new GptConfig(options.positiveInt("layers", 16), 768, 12, 512, ByteTokenizer.VOCAB_SIZE);
    long parameters = Gpt.layout(config).stream().mapToLong(ParameterShape::numel).sum();
    TorchRuntime.initialize();
    System.out.printf(Locale.ROOT,
        "merge: %d layers, d 768: %,d parameters (%.0f MB per file); intra-op threads %d; load average %s%n",
        config.layers(), parameters, parameters * 4 / 1e6, TorchRuntime.threads(), MachineInfo.loadAverage());

    Path directory = Files.createTempDirectory("pedigree-bench-merge-");
    boolean passed = true;
    try {
      Map<String, Path> models = new LinkedHashMap<>();
      long started = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        models.put(MergeSpec.parentRole(i), writeRandom(directory.resolve("parent-" + i + ".safetensors"), config,
            i + 1));
      }
      models.put(MergeSpec.BASE_ROLE, writeRandom(directory.resolve("base.safetensors"), config, 0));
      System.out.printf(Locale.ROOT, "generated 4 models in %.1f s%n", (System.nanoTime() - started) / 1e9);

      List<String> parents = List.of("p0", "p1", "p2");
      MergeSpec linear = new MergeSpec(MergeSpec.LINEAR, parents, null, null, null, null, null, null, null, null);
      MergeSpec ties = new MergeSpec(MergeSpec.TIES, parents, null, "base", null, 0.2, null, null, null, null);
      for (MergeSpec spec : List.of(linear, ties)) {
        Map<String, Path> inputs = new LinkedHashMap<>(models);
        if (spec.base() == null) {
          inputs.remove(MergeSpec.BASE_ROLE);
        }
        passed &= measure(spec, inputs, directory, rounds);
      }
    } finally {
      TrainBench.deleteTree(directory);
    }
    System.out.println("load average at the end: " + MachineInfo.loadAverage());
    return passed ? 0 : 1;
  }

  private static boolean measure(MergeSpec spec, Map<String, Path> inputs, Path directory, int rounds)
      throws IOException {
    // A worker has verified its inputs' sha256 by the time it merges them: the job is given them, as there.
    long hashStarted = System.nanoTime();
    Map<String, String> sha256 = inputs.entrySet().parallelStream()
        .collect(Collectors.toMap(Map.Entry::getKey, input -> Sha256.ofFile(input.getValue())));
    double hashSeconds = (System.nanoTime() - hashStarted) / 1e9;

    double[] ioSeconds = new double[rounds];
    double[] mergeSeconds = new double[rounds];
    long ioPeak = 0;
    long mergePeak = 0;
    long bytes = 0;
    for (int round = 0; round < rounds; round++) {
      // Direct buffers of the round before are freed only by a collection: without one, RSS would add them up.
      System.gc();
      Path ioOutput = directory.resolve("io.safetensors");
      long ioStarted = System.nanoTime();
      try (PeakRss rss = new PeakRss()) {
        readAllWriteOne(List.copyOf(inputs.values()), ioOutput);
        ioPeak = Math.max(ioPeak, rss.peakKib());
      }
      ioSeconds[round] = (System.nanoTime() - ioStarted) / 1e9;
      Files.delete(ioOutput);

      Path workDir = directory.resolve(spec.method());
      System.gc();
      long mergeStarted = System.nanoTime();
      TrainingSummary summary;
      try (PeakRss rss = new PeakRss()) {
        summary = new MergeJob(spec, inputs, sha256, workDir)
            .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);
        mergePeak = Math.max(mergePeak, rss.peakKib());
      }
      mergeSeconds[round] = (System.nanoTime() - mergeStarted) / 1e9;
      bytes = Files.size(summary.model());
      TrainBench.deleteTree(workDir);
      System.out.printf(Locale.ROOT, "  %s round %d: read inputs + write output %.2f s, merge %.2f s%n", spec.method(),
          round + 1, ioSeconds[round], mergeSeconds[round]);
    }

    double io = Stats.median(ioSeconds);
    double merge = Stats.median(mergeSeconds);
    double ratio = merge / io;
    boolean passed = ratio <= TARGET_RATIO;
    System.out.printf(Locale.ROOT,
        "%s of %d inputs, medians of %d rounds: merge %.2f s (peak RSS %.0f MiB) vs read inputs + write output %.2f s"
            + " (peak RSS %.0f MiB): %.2fx; hashing the inputs (done before: the worker verifies them on fetching)"
            + " %.2f s%n", spec.method(), inputs.size(), rounds, merge, mergePeak / 1024.0, io, ioPeak / 1024.0, ratio,
        hashSeconds);
    System.out.printf(Locale.ROOT,
        "RESULT merge method=%s inputs=%d rounds=%d output_bytes=%d merge_s=%.3f io_s=%.3f hash_s=%.3f ratio=%.3f"
            + " target=%.1f merge_peak_rss_kib=%d io_peak_rss_kib=%d %s%n", spec.method(), inputs.size(), rounds, bytes,
        merge, io, hashSeconds, ratio, TARGET_RATIO, mergePeak, ioPeak, passed ? "PASS" : "FAIL");
    return passed;
  }

  /** A model file with weights uniform in ±0.05, streamed tensor by tensor through one reused buffer. */
  private static Path writeRandom(Path file, GptConfig config, long seed) {
    List<ParameterShape> layout = Gpt.layout(config);
    long largest = layout.stream().mapToLong(ParameterShape::numel).max().orElseThrow();
    ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(largest * 4)).order(ByteOrder.LITTLE_ENDIAN);
    List<TensorEntry> tensors = new ArrayList<>();
    for (int index = 0; index < layout.size(); index++) {
      ParameterShape shape = layout.get(index);
      SplitMix64 random = SplitMix64.forStream(seed, index);
      tensors.add(new TensorEntry(shape.name(), DType.F32, shape.shape(), () -> {
        buffer.clear();
        FloatBuffer floats = buffer.asFloatBuffer();
        for (long i = 0; i < shape.numel(); i++) {
          floats.put((float) (random.nextDouble() - 0.5) * 0.1f);
        }
        return buffer.limit(Math.toIntExact(shape.numel() * 4)).position(0);
      }));
    }
    SafeTensorsFiles.writeAtomically(file, ModelFiles.metadata(config, ByteTokenizer.INSTANCE, Map.of()), tensors);
    return file;
  }

  /** What a merge must do at least: every tensor of every input read, one model's worth of tensors written. */
  private static FileDigest readAllWriteOne(List<Path> inputs, Path output) throws IOException {
    List<SafeTensorsReader> readers = new ArrayList<>();
    try {
      for (Path input : inputs) {
        readers.add(SafeTensorsReader.open(input));
      }
      SafeTensorsReader first = readers.get(0);
      long largest = first.tensors().values().stream().mapToLong(t -> t.byteSize()).max().orElseThrow();
      List<ByteBuffer> buffers = new ArrayList<>();
      readers.forEach(reader -> buffers.add(ByteBuffer.allocateDirect(Math.toIntExact(largest))));
      List<TensorEntry> tensors = new ArrayList<>();
      first.tensors().values().forEach(tensor -> tensors.add(new TensorEntry(tensor.name(), tensor.dtype(),
          tensor.shape(), () -> {
            for (int i = 0; i < readers.size(); i++) {
              ByteBuffer buffer = buffers.get(i).clear().limit(Math.toIntExact(tensor.byteSize()));
              try {
                readers.get(i).read(tensor.name(), buffer);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              buffer.flip();
            }
            return buffers.get(0);
          })));
      return SafeTensorsFiles.writeAtomically(output, first.metadata(), tensors);
    } finally {
      for (SafeTensorsReader reader : readers) {
        reader.close();
      }
    }
  }
}
