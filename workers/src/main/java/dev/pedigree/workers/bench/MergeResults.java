package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.merge.MergeJob;
import dev.pedigree.workers.engine.merge.ProbeSet;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.MergeSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SelfPositioningSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.pytorch.Device;

/**
 * {@code pedigree bench merge-results [--seeds 3] [--pretrain-steps 1000] [--finetune-steps 300] [--finetune-lr 1e-3]}:
 * per seed, pretrains a base GPT on G-arith (all operations), fine-tunes an addition and a multiplication specialist
 * from it, merges the two with every method of the {@code merge} kind (through the real job), and scores every model
 * by exact match on held-out addition and multiplication problems. Writes docs/results/merge.md.
 */
public final class MergeResults {
  static final String ADD = "g-arith:add";
  static final String MULTIPLY = "g-arith:multiply";
  private static final List<String> TASKS = List.of(ADD, MULTIPLY);
  private static final ModelSpec MODEL = new ModelSpec(4, 64, 4, 32);
  private static final int EVAL_PROBLEMS = 256;
  private static final Device CPU = new Device("cpu");

  private MergeResults() {}

  public static int run(String[] args) throws IOException {
    BenchOptions options =
        BenchOptions.parse(args, Set.of("seeds", "pretrain-steps", "finetune-steps", "finetune-lr"));
    int seeds = options.positiveInt("seeds", 3);
    int pretrainSteps = options.positiveInt("pretrain-steps", 1000);
    int finetuneSteps = options.positiveInt("finetune-steps", 300);
    double finetuneLearningRate = options.positiveDouble("finetune-lr", 1e-3);
    TorchRuntime.initialize();
    long started = System.nanoTime();

    Map<String, List<double[]>> scores = new LinkedHashMap<>();
    List<String> lambdas = new ArrayList<>();
    for (int seed = 1; seed <= seeds; seed++) {
      Path directory = Files.createTempDirectory("pedigree-merge-results-");
      try {
        Map<String, Path> models = new LinkedHashMap<>();
        Path base = new Trainer(pretrainSpec(seed, pretrainSteps), directory.resolve("base"))
            .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
        models.put("base (pretrained on all of G-arith)", base);
        Path add = TaskFineTune.run(base, ProbeSet.generator(ADD, 1000 + seed), ADD, finetuneSteps,
            finetuneLearningRate, directory.resolve("add.safetensors"));
        models.put("addition specialist", add);
        Path multiply = TaskFineTune.run(base, ProbeSet.generator(MULTIPLY, 1000 + seed), MULTIPLY, finetuneSteps,
            finetuneLearningRate, directory.resolve("multiply.safetensors"));
        models.put("multiplication specialist", multiply);
        Map<String, Path> inputs = Map.of("parent.0", add, "parent.1", multiply, "base", base);
        for (Map.Entry<String, MergeSpec> merge : merges(seed).entrySet()) {
          MergeSpec spec = merge.getValue();
          Map<String, Path> roles = new LinkedHashMap<>(inputs);
          if (spec.base() == null) {
            roles.remove("base");
          }
          Path merged = new MergeJob(spec, roles, directory.resolve(spec.method() + "-" + models.size()))
              .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
          models.put(merge.getKey(), merged);
          if (spec.selfPositioning() != null) {
            lambdas.add(String.format(Locale.ROOT, "seed %d, %s: λ = %s", seed, merge.getKey(),
                ModelFiles.header(merged).metadata().get("merge").replaceAll(".*\"lambda\":(\\[.*\\]).*", "$1")));
          }
        }
        for (Map.Entry<String, Path> model : models.entrySet()) {
          double[] accuracy = accuracy(model.getValue(), seed);
          scores.computeIfAbsent(model.getKey(), key -> new ArrayList<>()).add(accuracy);
          System.out.printf(Locale.ROOT, "RESULT merge-results seed=%d model=\"%s\" add=%.4f multiply=%.4f%n", seed,
              model.getKey(), accuracy[0], accuracy[1]);
        }
      } finally {
        TrainBench.deleteTree(directory);
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = report(scores, lambdas, seeds, pretrainSteps, finetuneSteps, finetuneLearningRate, minutes);
    Path out = Path.of("docs/results/merge.md");
    ResultsFile.write(out, report);
    System.out.print(report);
    System.out.println("wrote " + out.toAbsolutePath());
    return 0;
  }

  private static PretrainSpec pretrainSpec(int seed, int steps) {
    return new PretrainSpec(MODEL, new DataSpec("g-arith", 40_000, (long) seed),
        new OptimizationSpec(steps, TaskFineTune.BATCH, 3e-3, Math.min(30, steps / 10), 0.1, 1.0, steps, steps,
            (long) seed),
        "cpu");
  }

  /** The merges of the two specialists, by the name the report gives them. */
  private static Map<String, MergeSpec> merges(long seed) {
    List<String> parents = List.of("add", "multiply");
    Map<String, MergeSpec> merges = new LinkedHashMap<>();
    merges.put("linear: plain average", spec(MergeSpec.LINEAR, parents, null, null, null, null, null));
    merges.put("task arithmetic, λ = 1 per task", spec(MergeSpec.TASK_ARITHMETIC, parents, "base", 2.0, null, null,
        null));
    merges.put("TIES, density 0.2, λ = 1", spec(MergeSpec.TIES, parents, "base", 1.0, 0.2, null, null));
    merges.put("DARE, density 0.5, λ = 1 per task", spec(MergeSpec.DARE, parents, "base", 2.0, 0.5, seed, null));
    merges.put("SLERP, t = 0.5", new MergeSpec(MergeSpec.SLERP, parents, null, null, null, null, null, 0.5, null,
        null));
    for (boolean perLayer : new boolean[] {false, true}) {
      merges.put("Self-Positioning, λ per task" + (perLayer ? " and layer" : ""),
          spec(MergeSpec.SELF_POSITIONING, parents, "base", null, null, 3000 + seed,
              new SelfPositioningSpec(TASKS, 64, 40, 0.05, perLayer, null)));
    }
    return merges;
  }

  private static MergeSpec spec(String method, List<String> parents, String base, Double scale, Double density,
      Long seed, SelfPositioningSpec selfPositioning) {
    return new MergeSpec(method, parents, null, base, scale, density, seed, null, selfPositioning, null);
  }

  /** Exact match on held-out addition and multiplication problems (a seed no training or probe set uses). */
  private static double[] accuracy(Path file, long seed) {
    ModelFiles.LoadedModel model = ModelFiles.load(file, CPU);
    double[] accuracy = new double[TASKS.size()];
    for (int i = 0; i < TASKS.size(); i++) {
      accuracy[i] = TaskScores.exactMatch(model, TASKS.get(i), ProbeSet.problems(List.of(TASKS.get(i)), 5000 + seed,
          0, EVAL_PROBLEMS));
    }
    return accuracy;
  }

  private static String report(Map<String, List<double[]>> scores, List<String> lambdas, int seeds, int pretrainSteps,
      int finetuneSteps, double finetuneLearningRate, double minutes) {
    StringBuilder out = new StringBuilder();
    out.append("## Merging\n\n");
    out.append("Command (about ").append(Math.round(minutes)).append(" minutes on the 2-vCPU machine):\n\n```\n")
        .append("./pedigree bench merge-results --seeds ").append(seeds).append(" --pretrain-steps ")
        .append(pretrainSteps).append(" --finetune-steps ").append(finetuneSteps).append(" --finetune-lr ")
        .append(finetuneLearningRate).append("\n```\n\n");
    out.append(String.format(Locale.ROOT, """
        Setup, per seed s (1 … %d): a GPT with 4 layers, d 64, 4 heads, context 32, byte tokens, pretrained for %d \
        steps (batch %d, AdamW 3e-3) on G-arith with all three operations (data seed s). From it, two specialists \
        fine-tuned for %d steps each (batch %d, AdamW %s, no decay, loss on the answer tokens only) on addition \
        only and multiplication only (fresh problems, seed 1000 + s). The two are merged by the `merge` job (the same \
        code a run uses) with each method; Self-Positioning learns its λ (start 0.5 each, Adam 0.05, 40 steps) on 64 \
        addition + 64 multiplication probe problems (seed 3000 + s). Every model is scored by exact match (greedy \
        answer) on %d held-out problems per task (seed 5000 + s). Cells: mean ± standard deviation over the %d seeds.

        | model | addition | multiplication | mean of both |
        |---|---|---|---|
        """, seeds, pretrainSteps, TaskFineTune.BATCH, finetuneSteps, TaskFineTune.BATCH, finetuneLearningRate,
        EVAL_PROBLEMS, seeds));
    for (Map.Entry<String, List<double[]>> row : scores.entrySet()) {
      List<double[]> runs = row.getValue();
      out.append("| ").append(row.getKey()).append(" | ")
          .append(cell(runs.stream().mapToDouble(r -> r[0]).toArray())).append(" | ")
          .append(cell(runs.stream().mapToDouble(r -> r[1]).toArray())).append(" | ")
          .append(cell(runs.stream().mapToDouble(r -> (r[0] + r[1]) / 2).toArray())).append(" |\n");
    }
    out.append("\nLearned Self-Positioning coefficients (rows: addition, multiplication specialist; columns: one λ, ")
        .append("or one per block then one for embeddings and final norm):\n\n");
    lambdas.forEach(line -> out.append("- ").append(line).append('\n'));
    return out.toString();
  }

  private static String cell(double[] values) {
    double mean = 0;
    for (double value : values) {
      mean += value / values.length;
    }
    double variance = 0;
    for (double value : values) {
      variance += (value - mean) * (value - mean) / Math.max(1, values.length - 1);
    }
    return String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * mean, 100 * Math.sqrt(variance));
  }
}
