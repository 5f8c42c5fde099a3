package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.EvalMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.data.MarkovSource;
import dev.pedigree.workers.engine.tokenizer.BpeTokenizer;
import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.MarkovSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code pedigree bench markov [--seeds 2] [--steps 600] [--vocab-sizes 272,320,512]}: METHODS.md §3.5's tokenization
 * theory experiment. For switching Markov sources of order k = 2, 3, 4 (G-markov), the same small GPT learns the
 * characters once as bytes and once through a BPE trained on the source at each vocabulary size. Every arm's window
 * spans the same {@value #CONTEXT_CHARACTERS} characters (a BPE arm's context in tokens is that over the tokenizer's
 * characters per token), so at the same steps and batch every arm sees the same characters. Held-out bits per
 * character against the source's entropy rate and unigram entropy; writes docs/results/tokenization-theory.md,
 * keeping its hand-written Discussion.
 */
public final class MarkovBench {
  static final Path REPORT = Path.of("docs/results/tokenization-theory.md");
  static final List<Integer> ORDERS = List.of(2, 3, 4);
  static final double FLIP = 0.8;
  static final int DOCUMENT_LENGTH = 1024;
  static final int DOCUMENTS = 500;
  static final long DATA_SEED = 7;
  static final int CONTEXT_CHARACTERS = 128;
  static final int LAYERS = 2;
  static final int D_MODEL = 64;
  static final int HEADS = 4;
  static final int BATCH = 16;
  static final double LEARNING_RATE = 3e-3;
  static final int EVALUATIONS = 6;

  /** How one arm reads the source: bytes, or a BPE of {@code vocabSize} tokens, with its context in tokens. */
  record Arm(String tokenizer, int vocabSize, int contextLength, double charactersPerToken) {
    static Arm bytes() {
      return new Arm("byte", 256, CONTEXT_CHARACTERS, 1.0);
    }

    String name() {
      return tokenizer.equals("byte") ? "characters (byte)" : "BPE " + vocabSize;
    }
  }

  /** One source and arm: held-out bits per character by step for each seed, and the seconds per run. */
  record Outcome(
      int order, MarkovSource source, Arm arm, List<NavigableMap<Long, Double>> bitsByStep, double seconds) {}

  private MarkovBench() {}

  /** Runs without the platform jar: {@code java -cp <workers classpath> dev.pedigree.workers.bench.MarkovBench}. */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "steps", "vocab-sizes"));
    int seeds = options.positiveInt("seeds", 2);
    int steps = options.positiveInt("steps", 600);
    List<Integer> vocabSizes = options.positiveInts("vocab-sizes", List.of(272, 320, 512));
    TorchRuntime.initialize();
    System.out.printf(Locale.ROOT, "markov: orders %s, %d seeds, %d steps, BPE vocabularies %s, intra-op threads %d; "
        + "load average %s%n", ORDERS, seeds, steps, vocabSizes, TorchRuntime.threads(), MachineInfo.loadAverage());
    long started = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    for (int order : ORDERS) {
      MarkovSpec markov = MarkovSpec.switching(order, FLIP, DOCUMENT_LENGTH);
      MarkovSource source = MarkovSource.of(markov, DATA_SEED);
      List<String> training = Corpus.generate(data(markov, Arm.bytes())).train();
      List<Arm> arms = new ArrayList<>(List.of(Arm.bytes()));
      vocabSizes.forEach(vocabSize -> arms.add(bpeArm(training, vocabSize)));
      for (Arm arm : arms) {
        List<NavigableMap<Long, Double>> runs = new ArrayList<>();
        long armStarted = System.nanoTime();
        for (int seed = 1; seed <= seeds; seed++) {
          NavigableMap<Long, Double> bits = train(spec(markov, arm, steps, seed));
          runs.add(bits);
          System.out.printf(Locale.ROOT, "RESULT markov k=%d arm=\"%s\" seed=%d bits_per_char=%s (rate %.4f, "
              + "unigram %.4f)%n", order, arm.name(), seed, bits, source.entropyRate(), source.unigramEntropy());
        }
        outcomes.add(new Outcome(order, source, arm, runs, (System.nanoTime() - armStarted) / 1e9 / seeds));
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = new MarkovReport(args, steps, seeds, minutes).markdown(outcomes);
    ResultsFile.write(REPORT, report);
    System.out.print(report);
    System.out.printf(Locale.ROOT, "markov: %.1f minutes; wrote %s%n", minutes, REPORT.toAbsolutePath());
    return 0;
  }

  static DataSpec data(MarkovSpec markov, Arm arm) {
    boolean bpe = arm.tokenizer().equals("bpe");
    return DataSpec.markov(markov, DOCUMENTS, DATA_SEED, arm.tokenizer(), bpe ? arm.vocabSize() : null);
  }

  static PretrainSpec spec(MarkovSpec markov, Arm arm, int steps, long seed) {
    OptimizationSpec training = new OptimizationSpec(steps, BATCH, LEARNING_RATE, Math.min(30, steps / 10), 0.1, 1.0,
        Math.max(1, steps / EVALUATIONS), steps, seed);
    ModelSpec model = new ModelSpec(LAYERS, D_MODEL, HEADS, arm.contextLength());
    return new PretrainSpec(model, data(markov, arm), training, "cpu");
  }

  /**
   * The BPE arm of {@code vocabSize}: the tokenizer the run will train on the same training split (training is
   * deterministic), measured for its characters per token to set the context.
   */
  private static Arm bpeArm(List<String> training, int vocabSize) {
    BpeTrainer trainer = new BpeTrainer();
    training.forEach(trainer::add);
    BpeTokenizer tokenizer = trainer.train(vocabSize);
    long characters = 0;
    long tokens = 0;
    for (String document : training) {
      characters += document.length();
      tokens += tokenizer.encode(document).length;
    }
    double charactersPerToken = (double) characters / tokens;
    int context = Math.max(8, (int) Math.round(CONTEXT_CHARACTERS / charactersPerToken));
    return new Arm("bpe", vocabSize, context, charactersPerToken);
  }

  /** Held-out bits per character (bits per byte: every character is one byte) at each evaluation. */
  private static NavigableMap<Long, Double> train(PretrainSpec spec) throws IOException {
    Path workDir = Files.createTempDirectory("pedigree-bench-markov-");
    NavigableMap<Long, Double> bits = new TreeMap<>();
    try {
      new Trainer(spec, workDir).run(Optional.empty(), new TrainingListener() {
        @Override
        public void onEval(EvalMetrics eval) {
          bits.put(eval.step(), eval.valBitsPerByte());
        }
      }, StopSignal.NEVER);
    } finally {
      TrainBench.deleteTree(workDir);
    }
    return bits;
  }
}
