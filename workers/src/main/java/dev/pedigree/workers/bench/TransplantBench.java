package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.Evaluations;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.ArrayTokens;
import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.TokenWindows;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workers.engine.transplant.TokenizerTransplant;
import dev.pedigree.workers.engine.transplant.TransplantInit;
import dev.pedigree.workers.engine.transplant.TransplantSettings;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.pytorch.Device;

/**
 * {@code pedigree bench transplant [--seeds 3] [--base-steps N] [--donor-steps N]}: a base model trained with one BPE
 * moved onto a donor's different BPE without training, by OMP and TokenAdapt (METHODS.md §2.7, §3.5) and by the
 * mean, zero and subword-mean baselines; zero-shot held-out bits per byte against the base on its own tokenizer and the donor alone.
 * Writes docs/results/tokenizer.md, keeping its hand-written Discussion.
 */
public final class TransplantBench {
  static final Path REPORT = Path.of("docs/results/tokenizer.md");
  static final ModelSpec BASE_MODEL = new ModelSpec(4, 128, 4, 64);
  static final ModelSpec DONOR_MODEL = new ModelSpec(2, 96, 4, 64);
  static final int BASE_VOCAB = 512;
  static final int DONOR_VOCAB = 768;
  static final double ARITH_WEIGHT = 0.25;
  static final long DONOR_DATA_SEED = 11;
  static final int BATCH = 16;
  static final int BASE_STEPS = 1000;
  static final int DONOR_STEPS = 600;
  private static final int DOCUMENTS = 4000;
  private static final long DATA_SEED = 7;
  private static final Device CPU = new Device("cpu");

  /** One way to get a model for tokenizer B, or a reference. */
  record Arm(String name, Optional<TransplantSettings> settings) {
    static Arm transplant(TransplantInit init, int k) {
      return transplant(TransplantSettings.of(init, k));
    }

    static Arm transplant(TransplantSettings settings) {
      String name = switch (settings.init()) {
        case OMP -> "OMP k=" + settings.k();
        case TOKEN_ADAPT -> String.format(Locale.ROOT, "TokenAdapt k=%d, global weight %.1f, τ=%.1f", settings.k(),
            settings.globalWeight(), settings.temperature());
        default -> settings.init().id() + " init";
      };
      return new Arm(name, Optional.of(settings));
    }
  }

  static final Arm BASE = new Arm("base on its own tokenizer A (reference)", Optional.empty());
  static final Arm DONOR = new Arm("donor alone on tokenizer B (reference)", Optional.empty());
  static final Arm OMP_DEFAULT = Arm.transplant(TransplantInit.OMP, TokenizerTransplant.DEFAULT_K);
  /** TokenAdapt with its authors' defaults. */
  static final Arm TOKEN_ADAPT = Arm.transplant(TransplantSettings.of(TransplantInit.TOKEN_ADAPT,
      TransplantSettings.TOKEN_ADAPT_K));
  static final List<Arm> ARMS = List.of(BASE, DONOR, Arm.transplant(TransplantInit.OMP, 4),
      Arm.transplant(TransplantInit.OMP, 8), Arm.transplant(TransplantInit.OMP, 16),
      Arm.transplant(TransplantInit.OMP, 32), OMP_DEFAULT, TOKEN_ADAPT, globalOnly(TransplantSettings.TOKEN_ADAPT_K),
      globalOnly(8), Arm.transplant(TransplantInit.SUBWORD_MEAN, 0), Arm.transplant(TransplantInit.MEAN, 0),
      Arm.transplant(TransplantInit.ZERO, 0));

  /** TokenAdapt's global estimate alone (global weight 1) from the {@code k} nearest shared tokens. */
  private static Arm globalOnly(int k) {
    return Arm.transplant(
        new TransplantSettings(TransplantInit.TOKEN_ADAPT, k, 1, TransplantSettings.TOKEN_ADAPT_TEMPERATURE));
  }

  /** What one arm measured on one seed; residual and token counts only for transplants. */
  record Result(double textBitsPerByte, double arithBitsPerByte, double arithAccuracy, double tunedTextBitsPerByte,
      double residual) {}

  /** The tokenizers' overlap on one seed (the same on every seed: the tokenizers do not depend on it). */
  record Overlap(int baseVocab, int shared, int added, double newTokenShareOfText, double newTokenShareOfArith) {
    int donorVocab() {
      return shared + added;
    }
  }

  private TransplantBench() {}

  /** Runs without the platform jar: {@code java -cp <workers classpath> dev.pedigree.workers.bench.TransplantBench}. */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "base-steps", "donor-steps", "tune-steps"));
    int seeds = options.positiveInt("seeds", 3);
    int baseSteps = options.positiveInt("base-steps", BASE_STEPS);
    int donorSteps = options.positiveInt("donor-steps", DONOR_STEPS);
    int tuneSteps = options.positiveInt("tune-steps", 40);
    String command = "./pedigree bench transplant" + (args.length == 0 ? "" : " " + String.join(" ", args));
    TorchRuntime.initialize();
    System.out.printf(Locale.ROOT, "transplant: %d seeds, base %d steps, donor %d steps, intra-op threads %d%n", seeds,
        baseSteps, donorSteps, TorchRuntime.threads());
    long started = System.nanoTime();
    Path runDir = BenchRuns.directory("transplant");
    List<String> text = Corpus.generate(new DataSpec("g-text", DOCUMENTS, DATA_SEED)).validation();
    List<String> arith = Corpus.generate(new DataSpec("g-arith", DOCUMENTS, DATA_SEED)).validation();
    List<String> baseTraining = new ArrayList<>(Corpus.generate(new DataSpec("g-text", DOCUMENTS, DATA_SEED)).train());
    baseTraining.addAll(Corpus.generate(new DataSpec("g-arith", DOCUMENTS, DATA_SEED)).train());

    List<List<Result>> results = new ArrayList<>();
    ARMS.forEach(arm -> results.add(new ArrayList<>()));
    Overlap overlap = null;
    for (long seed = 1; seed <= seeds; seed++) {
      Path baseFile = BenchRuns.cachedBase(runDir, baseSpec(baseSteps, seed));
      Path donorFile = BenchRuns.cachedBase(runDir, donorSpec(donorSteps, seed));
      ModelFiles.LoadedModel base = ModelFiles.load(baseFile, CPU);
      ModelFiles.LoadedModel donor = ModelFiles.load(donorFile, CPU);
      for (int i = 0; i < ARMS.size(); i++) {
        Arm arm = ARMS.get(i);
        Gpt model;
        Tokenizer tokenizer;
        double residual = Double.NaN;
        if (arm.settings().isEmpty()) {
          // A fresh copy: continued training changes the model, and the transplants still need the original.
          ModelFiles.LoadedModel reference = ModelFiles.load(arm == BASE ? baseFile : donorFile, CPU);
          model = reference.model();
          tokenizer = reference.tokenizer();
        } else {
          TokenizerTransplant.Transplant transplant = TokenizerTransplant.transplant(base.model(), base.tokenizer(),
              donor.model(), donor.tokenizer(), arm.settings().get());
          model = transplant.model();
          tokenizer = transplant.tokenizer();
          residual = transplant.embeddingResidual();
          if (overlap == null) {
            overlap = new Overlap(base.tokenizer().vocabSize(), transplant.sharedTokens(), transplant.newTokens(),
                newTokenShare(transplant, text), newTokenShare(transplant, arith));
          }
        }
        LastEvaluation zeroShot = heldOut(model, tokenizer, new DataSpec("g-text", DOCUMENTS, DATA_SEED), text);
        LastEvaluation arithmetic = heldOut(model, tokenizer, new DataSpec("g-arith", DOCUMENTS, DATA_SEED), arith);
        ContinuedTraining.train(model, tokenizer, baseTraining, tuneSteps, seed);
        LastEvaluation tuned = heldOut(model, tokenizer, new DataSpec("g-text", DOCUMENTS, DATA_SEED), text);
        Result result = new Result(zeroShot.bitsPerByte(), arithmetic.bitsPerByte(), arithmetic.accuracy(),
            tuned.bitsPerByte(), residual);
        results.get(i).add(result);
        System.out.printf(Locale.ROOT, "RESULT transplant arm=\"%s\" seed=%d text_bpb=%.4f arith_bpb=%.4f"
            + " arith_accuracy=%.3f tuned_text_bpb=%.4f residual=%.4f%n", arm.name(), seed, result.textBitsPerByte(),
            result.arithBitsPerByte(), result.arithAccuracy(), result.tunedTextBitsPerByte(), result.residual());
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = TransplantReport.markdown(command, baseSteps, donorSteps, tuneSteps, seeds, minutes, overlap, results);
    ResultsFile.write(REPORT, report);
    System.out.print(report);
    System.out.printf(Locale.ROOT, "transplant: %.1f minutes; wrote %s%n", minutes, REPORT.toAbsolutePath());
    return 0;
  }

  /** Tokenizer A's corpus: G-text and G-arith mixed by weight, a BPE trained on both. */
  static PretrainSpec baseSpec(int steps, long seed) {
    DataSpec data = new DataSpec(null, null, null, "bpe", BASE_VOCAB, null, null, List.of(
        DomainSpec.generated("g-text", 1 - ARITH_WEIGHT, "g-text", DOCUMENTS, DATA_SEED),
        DomainSpec.generated("g-arith", ARITH_WEIGHT, "g-arith", DOCUMENTS, DATA_SEED)), null, null);
    return new PretrainSpec(BASE_MODEL, data, training(steps, seed), "cpu");
  }

  /** Tokenizer B's corpus: another G-text sample only, a larger BPE. */
  static PretrainSpec donorSpec(int steps, long seed) {
    DataSpec data = new DataSpec("g-text", DOCUMENTS, DONOR_DATA_SEED, "bpe", DONOR_VOCAB, null, null);
    return new PretrainSpec(DONOR_MODEL, data, training(steps, seed), "cpu");
  }

  private static OptimizationSpec training(int steps, long seed) {
    return new OptimizationSpec(steps, BATCH, 3e-3, Math.min(30, steps / 10), 0.1, 1.0, steps, steps, seed);
  }

  /** Bits per byte on the documents' windows, and task accuracy where the data has a task. */
  static LastEvaluation heldOut(Gpt model, Tokenizer tokenizer, DataSpec data, List<String> documents) {
    int context = model.config().contextLength();
    TokenWindows windows = new TokenWindows(ArrayTokens.encode(documents, tokenizer), tokenizer, context);
    Evaluations evaluations =
        Evaluations.of(data, new Dataset(tokenizer, windows, windows, Optional.empty()), BATCH, context);
    LastEvaluation last = new LastEvaluation(false);
    evaluations.evaluate(0, model, CPU, last);
    return last;
  }

  /** The share of the documents' tokens, under the new tokenizer, that the base's vocabulary lacks. */
  private static double newTokenShare(TokenizerTransplant.Transplant transplant, List<String> documents) {
    long added = 0;
    long total = 0;
    for (String document : documents) {
      for (int id : transplant.tokenizer().encode(document)) {
        added += transplant.match().isShared(id) ? 0 : 1;
        total++;
      }
    }
    return (double) added / total;
  }
}
