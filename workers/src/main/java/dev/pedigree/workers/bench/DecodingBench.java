package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.ConflictEvaluation.Outcome;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.ContextQuestion;
import dev.pedigree.workers.engine.data.GFactsConflictGenerator;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code pedigree bench adacad [--seeds 3] [--steps N] [--questions N] [--fresh-fifths 2]}: per seed, pretrains a small model on
 * {@link GFactsConflictGenerator}'s documents (cached under {@code $PEDIGREE_HOME/bench/adacad}), then scores greedy,
 * CAD and AdaCAD decoding on as many conflict as no-conflict questions, and writes docs/results/decoding.md (relative
 * to the working directory), keeping the previous file's hand-written Discussion.
 */
public final class DecodingBench {
  static final Path OUTPUT = Path.of("docs", "results", "decoding.md");
  static final int ENTITIES = 24;
  static final int DOCUMENTS = 40_000;

  private DecodingBench() {}

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "steps", "questions", "fresh-fifths"));
    int seeds = options.positiveInt("seeds", 3);
    int steps = options.positiveInt("steps", 1500);
    int questions = options.positiveInt("questions", 200);
    int freshFifths = options.positiveInt("fresh-fifths", GFactsConflictGenerator.DEFAULT_FRESH_FIFTHS);
    TorchRuntime.initialize();
    Path runDir = BenchRuns.directory("adacad");
    long started = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      GFactsConflictGenerator generator = new GFactsConflictGenerator(seed, ENTITIES, freshFifths);
      PretrainSpec spec = spec(trainingFile(runDir, generator, seed), steps, seed);
      Path model = BenchRuns.cachedBase(runDir, spec);
      ModelFiles.LoadedModel loaded = ModelFiles.load(model, TorchRuntime.device("cpu"));
      Outcome outcome = ConflictEvaluation.evaluate(loaded.model(), loaded.tokenizer(), questions(generator, questions));
      System.out.println("seed " + seed + ": " + outcome);
      outcomes.add(outcome);
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = DecodingReport.markdown(args, spec(Path.of("<data>"), steps, 1), freshFifths, questions, outcomes, minutes);
    ResultsFile.write(OUTPUT, report);
    System.out.print(report);
    System.out.println("wrote " + OUTPUT.toAbsolutePath());
    return 0;
  }

  /** {@code count} conflict questions then {@code count} no-conflict ones. */
  static List<ContextQuestion> questions(GFactsConflictGenerator generator, int count) {
    List<ContextQuestion> questions = new ArrayList<>();
    for (boolean conflict : new boolean[] {true, false}) {
      for (long index = 0; index < count; index++) {
        questions.add(generator.question(index, conflict));
      }
    }
    return questions;
  }

  static PretrainSpec spec(Path trainingFile, int steps, long seed) {
    OptimizationSpec training = new OptimizationSpec(steps, 32, 3e-3, 100, 0.1, 1.0, steps, steps, seed);
    DataSpec data = new DataSpec(null, DOCUMENTS, seed, null, null, List.of(trainingFile.toString()), null);
    return new PretrainSpec(new ModelSpec(2, 96, 4, 128, null, "rotary"), data, training, "cpu");
  }

  /** The generator's training documents, a line each, in a file named by their digest so a cached base matches them. */
  private static Path trainingFile(Path runDir, GFactsConflictGenerator generator, long seed) throws IOException {
    StringBuilder text = new StringBuilder();
    for (long index = 0; index < DOCUMENTS; index++) {
      text.append(generator.document(index));
    }
    return BenchRuns.dataFile(runDir, "g-facts-conflict-" + seed, text.toString());
  }
}
