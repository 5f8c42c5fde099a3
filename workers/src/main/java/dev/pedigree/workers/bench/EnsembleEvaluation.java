package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.sampling.Completion;
import dev.pedigree.workers.engine.sampling.EnsembleCompletion;
import dev.pedigree.workers.engine.sampling.EnsembleDecoder;
import dev.pedigree.workers.engine.sampling.EnsembleWeighting;
import dev.pedigree.workers.engine.sampling.Sampler;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Greedy exact match on G-arith problems of each model alone and of uniform and CoRE ensembles of them. */
final class EnsembleEvaluation {
  /** Enough for {@code  <a>1998</a>} and the newline after it. */
  static final int MAX_NEW_TOKENS = 14;
  private static final int NEWLINE = '\n';

  /** The ensembles, in report order: each weighting over the clean members, then with the corrupted one added. */
  static final List<Arm> ARMS = List.of(new Arm("uniform", EnsembleWeighting.uniform(), false),
      new Arm("CoRE", EnsembleWeighting.core(), false), new Arm("uniform", EnsembleWeighting.uniform(), true),
      new Arm("CoRE", EnsembleWeighting.core(), true));

  record Arm(String weighting, EnsembleWeighting ensemble, boolean withCorrupted) {
    String key() {
      return weighting + (withCorrupted ? " + corrupted" : "");
    }
  }

  /**
   * One seed's scores.
   *
   * @param singles each model's accuracy alone, the clean members first and the corrupted one last
   * @param ensembles each arm's accuracy by {@link Arm#key()}
   * @param corruptedWeight CoRE's weight on the corrupted member, averaged over generated tokens, then problems
   */
  record Outcome(double[] singles, Map<String, Double> ensembles, double corruptedWeight) {
    double bestClean() {
      return Arrays.stream(singles, 0, singles.length - 1).max().orElseThrow();
    }

    double meanClean() {
      return Arrays.stream(singles, 0, singles.length - 1).average().orElseThrow();
    }

    double corrupted() {
      return singles[singles.length - 1];
    }

    double bestOfAll() {
      return Arrays.stream(singles).max().orElseThrow();
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "singles %s, ensembles %s, CoRE weight on the corrupted member %.3f",
          Arrays.toString(singles), ensembles, corruptedWeight);
    }
  }

  private EnsembleEvaluation() {}

  /** @param models the clean members, then the corrupted one; all of one tokenizer */
  static Outcome evaluate(List<LoadedModel> models, List<TaskProblem> problems) {
    Tokenizer tokenizer = models.get(0).tokenizer();
    List<int[]> prompts = problems.stream().map(problem -> tokenizer.encode(problem.prompt())).toList();
    SamplingOptions options = SamplingOptions.greedy(MAX_NEW_TOKENS).withStopToken(NEWLINE);
    double[] singles = models.stream().mapToDouble(loaded -> {
      Gpt model = loaded.model();
      List<Completion> completions = new Sampler(model.config(), model.parameters().byName())
          .generate(prompts, options, SamplingRandom.seeded(0));
      return accuracy(problems, completions, tokenizer);
    }).toArray();
    Map<String, Double> ensembles = new LinkedHashMap<>();
    double corruptedWeight = Double.NaN;
    for (Arm arm : ARMS) {
      List<EnsembleDecoder.Member> members = models.subList(0, arm.withCorrupted() ? models.size() : models.size() - 1)
          .stream().map(loaded -> new EnsembleDecoder.Member(loaded.model().config(),
              loaded.model().parameters().byName())).toList();
      List<EnsembleCompletion> decoded = new EnsembleDecoder(members).generate(prompts, arm.ensemble(), options);
      ensembles.put(arm.key(), accuracy(problems, decoded.stream().map(EnsembleCompletion::completion).toList(),
          tokenizer));
      if (arm.withCorrupted() && arm.ensemble().mode() == EnsembleWeighting.Mode.CORE) {
        corruptedWeight = decoded.stream().mapToDouble(c -> c.meanWeights()[models.size() - 1]).average()
            .orElseThrow();
      }
    }
    return new Outcome(singles, ensembles, corruptedWeight);
  }

  private static double accuracy(List<TaskProblem> problems, List<Completion> completions, Tokenizer tokenizer) {
    int solved = 0;
    for (int row = 0; row < problems.size(); row++) {
      solved += problems.get(row).verify(tokenizer.decode(completions.get(row).tokens())) ? 1 : 0;
    }
    return (double) solved / problems.size();
  }
}
