package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.sampling.CautiousCompletion;
import dev.pedigree.workers.engine.sampling.CautiousDecoder;
import dev.pedigree.workers.engine.sampling.CautiousOptions;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code pedigree bench cntp [--seeds 3] [--steps 2000] [--problems 1000]}: per seed, trains a small G-arith model
 * with the ensemble bench's recipe (its clean member 0, cached under {@code $PEDIGREE_HOME/bench/cntp}), then decodes
 * held-out problems with greedy decoding, temperature sampling, best-of-N by perplexity and Cautious Next Token
 * Prediction at several trial caps, and writes exact-match accuracy and tokens forwarded per problem to
 * docs/results/cntp.md (relative to the working directory), keeping the previous file's hand-written Discussion.
 */
public final class CntpBench {
  static final Path OUTPUT = Path.of("docs", "results", "cntp.md");
  /**
   * What trials and sampled steps draw from, untruncated: the model's own distribution, and a sharper one closer to
   * greedy.
   */
  static final List<Double> TEMPERATURES = List.of(1.0, 0.5);
  /**
   * Where a G-arith trial ends: the space and {@code >} around {@code <a>}, the {@code <} that closes the number and
   * the newline that ends the answer. The paper's punctuation (. , ? ! : ; ) ] }) never occurs in an answer, so with it
   * every trial would run to the newline.
   */
  static final Set<Integer> SEGMENT_ENDS = Set.of((int) ' ', (int) '>', (int) '<', (int) '\n');
  static final List<Integer> CAPS = List.of(2, 4, 8);
  static final List<Integer> BEST_OF = List.of(2, 4, 8);
  /** Prompts per decoder call: bounds the KV cache of {@code 8 trials × (prompt + 105 columns)} rows. */
  private static final int CHUNK = 250;
  private static final int NEWLINE = '\n';

  /** One way of decoding: its name in the report, the temperature it samples at (if it samples) and its options. */
  record Arm(String name, double temperature, CautiousOptions options) {
    String key() {
      return name.equals("greedy") ? name : String.format(Locale.ROOT, "%s, T %.1f", name, temperature);
    }
  }

  /** One arm's scores on one seed's problems: accuracy, and per problem the tokens forwarded and branchings. */
  record Score(double accuracy, double tokensForwarded, double branchings) {}

  private CntpBench() {}

  /**
   * Greedy, then at each temperature: sampling, best-of-N, CNTP sampling between branchings as the paper does, and
   * (at the first temperature) CNTP greedy between them.
   */
  static List<Arm> arms() {
    List<Arm> arms = new ArrayList<>();
    arms.add(new Arm("greedy", TEMPERATURES.get(0), CautiousOptions.plain(true)));
    for (double temperature : TEMPERATURES) {
      arms.add(new Arm("sampling", temperature, CautiousOptions.plain(false)));
      for (int n : BEST_OF) {
        arms.add(new Arm("best-of-" + n, temperature, CautiousOptions.bestOfN(n)));
      }
      for (int cap : CAPS) {
        arms.add(new Arm("CNTP ≤" + cap, temperature, CautiousOptions.cntp(cap, SEGMENT_ENDS, false)));
      }
      for (int cap : temperature == TEMPERATURES.get(0) ? CAPS : List.<Integer>of()) {
        arms.add(new Arm("CNTP ≤" + cap + ", greedy between", temperature,
            CautiousOptions.cntp(cap, SEGMENT_ENDS, true)));
      }
    }
    return arms;
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "steps", "problems"));
    int seeds = options.positiveInt("seeds", 3);
    int steps = options.positiveInt("steps", 2000);
    int problems = options.positiveInt("problems", 1000);
    TorchRuntime.initialize();
    Path runDir = BenchRuns.directory("cntp");
    long started = System.nanoTime();
    List<Map<String, Score>> outcomes = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      long modelSeed = seed * 100;
      Path model = BenchRuns.cachedBase(runDir,
          EnsembleBench.spec(EnsembleBench.trainingFile(runDir, modelSeed, 0), steps, modelSeed));
      Map<String, Score> scores = evaluate(ModelFiles.load(model, TorchRuntime.device("cpu")),
          EnsembleBench.heldOut(seed, problems), seed);
      outcomes.add(scores);
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = CntpReport.markdown(args, EnsembleBench.spec(Path.of("<data>"), steps, 1), problems, outcomes,
        minutes);
    ResultsFile.write(OUTPUT, report);
    System.out.print(report);
    System.out.println("wrote " + OUTPUT.toAbsolutePath());
    return 0;
  }

  /** Every arm on {@code problems}; each arm's randomness is the stream of {@code seed}. */
  static Map<String, Score> evaluate(LoadedModel loaded, List<TaskProblem> problems, long seed) {
    Tokenizer tokenizer = loaded.tokenizer();
    CautiousDecoder decoder = new CautiousDecoder(loaded.model().config(), loaded.model().parameters().byName());
    Map<String, Score> scores = new LinkedHashMap<>();
    for (Arm arm : arms()) {
      SamplingOptions sampling = SamplingOptions.sampled(EnsembleEvaluation.MAX_NEW_TOKENS, arm.temperature(), 0, 1.0)
          .withStopToken(NEWLINE);
      long armStarted = System.nanoTime();
      SamplingRandom random = SamplingRandom.seeded(seed);
      int solved = 0;
      long forwarded = 0;
      long branchings = 0;
      for (int from = 0; from < problems.size(); from += CHUNK) {
        List<TaskProblem> chunk = problems.subList(from, Math.min(problems.size(), from + CHUNK));
        List<int[]> prompts = chunk.stream().map(problem -> tokenizer.encode(problem.prompt())).toList();
        List<CautiousCompletion> decoded = decoder.generate(prompts, arm.options(), sampling, random);
        for (int row = 0; row < chunk.size(); row++) {
          CautiousCompletion completion = decoded.get(row);
          solved += chunk.get(row).verify(tokenizer.decode(completion.completion().tokens())) ? 1 : 0;
          forwarded += completion.tokensForwarded();
          branchings += completion.branchings();
        }
      }
      Score score = new Score((double) solved / problems.size(), (double) forwarded / problems.size(),
          (double) branchings / problems.size());
      System.out.printf(Locale.ROOT, "seed %d %-34s accuracy %.4f, %.2f tokens forwarded, %.2f branchings (%.0f s)%n",
          seed, arm.key(), score.accuracy(), score.tokensForwarded(), score.branchings(),
          (System.nanoTime() - armStarted) / 1e9);
      scores.put(arm.key(), score);
    }
    return scores;
  }
}
