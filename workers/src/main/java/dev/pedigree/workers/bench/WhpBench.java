package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.ForgetLoop.Objective;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.distill.DistillJob;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
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
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * {@code pedigree bench whp [--seeds 3] [--entities 40] [--targets 8] [--base-steps N] [--reinforce-steps N]
 * [--steps N] [--alpha A] [--lr 3e-4]}: per seed, pretrains a base on G-facts documents and a control on the same documents
 * without the target entities' facts (both cached under {@code $PEDIGREE_HOME/bench/whp}), reinforces the base on the
 * forget documents, then unlearns them with WHP (with and without anchored terms), gradient ascent and the inverted
 * hinge loss, and writes docs/results/unlearning.md (relative to the working directory), keeping the previous file's
 * hand-written Discussion.
 */
public final class WhpBench {
  static final Path OUTPUT = Path.of("docs", "results", "unlearning.md");
  static final int DOCUMENTS = 20_000;
  static final ModelSpec MODEL = new ModelSpec(2, 64, 4, 64, null, "rotary");
  static final int BASE_BATCH = 16;
  static final int UNLEARN_BATCH = 16;
  private static final String BASE_ID = "00000000-0000-4000-8000-00000000000b";
  private static final String REINFORCED_ID = "00000000-0000-4000-8000-00000000000e";

  /** The settings a report states. */
  record Settings(int seeds, int entities, int targets, int baseSteps, int reinforceSteps, int steps, double alpha,
      double learningRate) {}

  /** One model's scores. */
  record Scores(double forgetAccuracy, double retainAccuracy, double forgetPerplexity, double retainPerplexity,
      double generalPerplexity) {}

  /** Each arm's scores for one seed, in {@link #ARMS} order, and how many forget documents there were. */
  record SeedResult(long seed, Map<String, Scores> arms, long forgetDocuments) {}

  static final List<String> ARMS = List.of("base", "reinforced", "control (never saw the targets)", "WHP",
      "WHP, soft labels", "WHP without anchors", "gradient ascent", "inverted hinge loss");

  private WhpBench() {}

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args,
        Set.of("seeds", "entities", "targets", "base-steps", "reinforce-steps", "steps", "alpha", "lr"));
    Settings settings = new Settings(options.positiveInt("seeds", 3), options.positiveInt("entities", 40),
        options.positiveInt("targets", 8), options.positiveInt("base-steps", 3000),
        options.positiveInt("reinforce-steps", 100), options.positiveInt("steps", 100),
        options.positiveDouble("alpha", 1.0), options.positiveDouble("lr", 3e-4));
    if (settings.targets() >= settings.entities()) {
      throw new IllegalArgumentException("--targets must be fewer than --entities");
    }
    TorchRuntime.initialize();
    Path runDir = BenchRuns.directory("whp");
    long started = System.nanoTime();
    List<SeedResult> results = new ArrayList<>();
    for (long seed = 1; seed <= settings.seeds(); seed++) {
      results.add(runSeed(runDir, settings, seed));
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = WhpReport.markdown(args, settings, results, minutes);
    ResultsFile.write(OUTPUT, report);
    System.out.print(report);
    System.out.println("wrote " + OUTPUT.toAbsolutePath());
    return 0;
  }

  private static SeedResult runSeed(Path runDir, Settings settings, long seed) throws IOException {
    UnlearningCorpus corpus =
        UnlearningCorpus.write(runDir.resolve("data"), seed, settings.entities(), settings.targets(), DOCUMENTS);
    Path base = BenchRuns.cachedBase(runDir, pretrain(corpus.training(), settings.baseSteps(), seed));
    Path control = BenchRuns.cachedBase(runDir, pretrain(corpus.control(), settings.baseSteps(), seed));
    DataSpec forget = files(corpus.forget(), seed);
    DistillSpec reinforce = new DistillSpec(null, List.of(BASE_ID), null, null, null, null, BASE_ID, null, "mixed", 1.0,
        null, null, null, null, null, forget, null, training(settings.reinforceSteps(), settings.learningRate(), seed), "cpu");
    Path reinforced = distill(reinforce, Map.of("teacher.0", base, "student", base), runDir, "reinforced", seed);
    Map<String, Path> whpInputs = Map.of("base", base, "reinforced", reinforced, "student", base);
    OptimizationSpec unlearning = training(settings.steps(), settings.learningRate(), seed);
    Path whp = distill(whp(forget, unlearning, settings.alpha(), corpus.anchors(), DistillSpec.ARGMAX_LABELS),
        whpInputs, runDir, "whp", seed);
    Path whpSoft = distill(whp(forget, unlearning, settings.alpha(), corpus.anchors(), DistillSpec.SOFT_LABELS),
        whpInputs, runDir, "whp-soft", seed);
    Path whpPlain = distill(whp(forget, unlearning, settings.alpha(), Map.of(), DistillSpec.ARGMAX_LABELS), whpInputs,
        runDir, "whp-plain", seed);

    Map<String, Scores> arms = new LinkedHashMap<>();
    List<Path> models = List.of(base, reinforced, control, whp, whpSoft, whpPlain);
    for (int i = 0; i < models.size(); i++) {
      try (PointerScope scope = new PointerScope()) {
        ModelFiles.LoadedModel loaded = ModelFiles.load(models.get(i), new Device("cpu"));
        arms.put(ARMS.get(i), score(loaded.model(), loaded.tokenizer(), corpus));
      }
    }
    Tokenizer tokenizer = ModelFiles.header(base).tokenizer();
    for (Objective objective : Objective.values()) {
      try (PointerScope scope = new PointerScope()) {
        Gpt model = ForgetLoop.unlearn(
            objective, base, forget, unlearning, BenchRuns.fresh(runDir, objective.name().toLowerCase(Locale.ROOT), seed));
        arms.put(objective == Objective.GRADIENT_ASCENT ? "gradient ascent" : "inverted hinge loss",
            score(model, tokenizer, corpus));
      }
    }
    long forgetDocuments = Files.lines(corpus.forget()).count();
    arms.forEach((arm, scores) -> System.out.printf(Locale.ROOT, "seed %d %s: %s%n", seed, arm, scores));
    return new SeedResult(seed, arms, forgetDocuments);
  }

  private static Scores score(Gpt model, Tokenizer tokenizer, UnlearningCorpus corpus) {
    return new Scores(FactRecall.accuracy(model, tokenizer, corpus.targets()),
        FactRecall.accuracy(model, tokenizer, corpus.retained()),
        FactRecall.perplexity(model, tokenizer, FactRecall.sentences(corpus.targets())),
        FactRecall.perplexity(model, tokenizer, FactRecall.sentences(corpus.retained())),
        FactRecall.perplexity(model, tokenizer, corpus.generalTexts()));
  }

  static DistillSpec whp(
      DataSpec forget, OptimizationSpec training, double alpha, Map<String, String> anchors, String labels) {
    return new DistillSpec("whp", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        forget, null, training, "cpu", null, null, BASE_ID, REINFORCED_ID, alpha, anchors, labels);
  }

  private static Path distill(DistillSpec spec, Map<String, Path> inputs, Path runDir, String name, long seed)
      throws IOException {
    return new DistillJob(spec, inputs, BenchRuns.fresh(runDir, name, seed))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
  }

  static PretrainSpec pretrain(Path trainingFile, int steps, long seed) {
    OptimizationSpec training = new OptimizationSpec(steps, BASE_BATCH, 3e-3, 100, 0.1, 1.0, steps, steps, seed);
    return new PretrainSpec(MODEL, files(trainingFile, seed), training, "cpu");
  }

  /** Unlearning and reinforcement: AdamW, 10 warmup steps then cosine decay, no weight decay. */
  static OptimizationSpec training(int steps, double learningRate, long seed) {
    return new OptimizationSpec(steps, UNLEARN_BATCH, learningRate, Math.min(10, steps), 0.0, 1.0, steps, steps, seed);
  }

  private static DataSpec files(Path file, long seed) {
    return new DataSpec(null, DOCUMENTS, seed, null, null, List.of(file.toString()), null);
  }
}
