package dev.pedigree.workers.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The text of {@code docs/results/pbt.md} above its hand-written Discussion: population-based training against random
 * search and a grid of fixed learning rates at the same training budget (the bench that runs them is platform-api's
 * PbtBench, since it drives sweeps through the platform).
 */
public record PbtReport(String[] args, Setup setup, double minutes) {

  /** What every arm trains: one GPT and data, the learning rate the only parameter. */
  public record Setup(int population, int generations, int interval, double minRate, double maxRate,
      List<Double> grid, String model, String data, int batch) {}

  /** A random or grid trial: its rate and its final val/loss. */
  public record Trial(double learningRate, double valLoss) {}

  /** One generation of PBT's winner: the member whose run it was, its rate, its val/loss, whether it exploited. */
  public record Generation(int generation, int member, double learningRate, double valLoss, boolean exploited) {}

  /**
   * @param winner the best member of the last generation, traced back through the checkpoints it continued
   * @param exploits how many of the sweep's trials exploited another member
   * @param sameStart whether PBT's first generation drew the rates of random search's trials (both sweeps draw with
   *     the seed's generator)
   */
  public record Seed(int seed, List<Generation> winner, int exploits, boolean sameStart, List<Trial> random,
      List<Trial> grid) {
    double pbt() {
      return winner.get(winner.size() - 1).valLoss();
    }

    double bestRandom() {
      return best(random).valLoss();
    }

    double bestGrid() {
      return best(grid).valLoss();
    }

    private static Trial best(List<Trial> trials) {
      return trials.stream().min(Comparator.comparingDouble(Trial::valLoss)).orElseThrow();
    }
  }

  public void write(Path output, List<Seed> seeds) throws IOException {
    ResultsFile.write(output, markdown(seeds));
  }

  String markdown(List<Seed> seeds) {
    int steps = setup.interval() * setup.generations();
    StringBuilder text = new StringBuilder(ResultsFile.opening(
        "Population-based training vs random search and a learning-rate grid", "pbt", args, minutes, seeds.size(),
        " (seed s: training seed s, sweep seed s · 1,000,003; the data is the same)"));
    text.append(String.format(Locale.ROOT, """
        Setup (PbtBench.java). Every arm is a sweep submitted to the embedded platform (Postgres, Temporal, the \
        embedded compute worker), whose runs train for real; the sweep's objective is the last val/loss of a run. \
        Model %s, data %s, batch %d, AdamW with warmup %d and cosine decay to a tenth over %d steps, weight decay \
        0.1, clipping at 1. Each arm trains %d steps in all:

        - **PBT**: %d members × %d generations of %d steps (one %d-step schedule per member), quantile 0.25 (one \
        member exploits per generation), perturb ×0.8/×1.2, resample probability 0.25; the learning rate starts \
        drawn log-uniformly from [%s, %s]. Its result is the best member of the last generation. Seeds on which its \
        first generation drew the very rates of random search's trials: %d of %d.
        - **Random**: %d trials of %d steps, the rate drawn log-uniformly from the same range.
        - **Grid**: %d fixed rates evenly spaced on the log axis over the same range (%s), %d steps each; its result \
        is the best of them.

        | arm | best final val/loss | per seed: its learning rate |
        |---|---|---|
        """, setup.model(), setup.data(), setup.batch(), Math.min(30, steps / 10), steps,
        setup.population() * steps, setup.population(), setup.generations(), setup.interval(), steps,
        rate(setup.minRate()), rate(setup.maxRate()), seeds.stream().filter(Seed::sameStart).count(), seeds.size(),
        setup.population(), steps, setup.grid().size(),
        String.join(", ", setup.grid().stream().map(PbtReport::rate).toList()), steps));
    text.append(row("PBT (winner)", seeds, Seed::pbt, seed -> rate(seed.winner().get(seed.winner().size() - 1)
        .learningRate()) + " (started " + rate(seed.winner().get(0).learningRate()) + ")"));
    text.append(row("Random search", seeds, Seed::bestRandom,
        seed -> rate(Seed.best(seed.random()).learningRate())));
    text.append(row("Grid (best fixed rate)", seeds, Seed::bestGrid,
        seed -> rate(Seed.best(seed.grid()).learningRate())));
    text.append(String.format(Locale.ROOT, """

        Paired by seed (each seed's arms share the training seed, and PBT's first generation starts from random \
        search's rates when both drew them), what PBT gains (positive: PBT's val/loss is lower):

        - over random search: %s;
        - over the best grid rate: %s.

        Unpaired, the means against the spread between seeds: PBT against random, %s; against the best grid rate, %s.

        Every fixed rate of the grid (%d steps):

        | learning rate | final val/loss |
        |---|---|
        """, Spread.of(differences(seeds, Seed::bestRandom, Seed::pbt)).formatAhead(),
        Spread.of(differences(seeds, Seed::bestGrid, Seed::pbt)).formatAhead(),
        spread(seeds, Seed::pbt).versus(spread(seeds, Seed::bestRandom), false),
        spread(seeds, Seed::pbt).versus(spread(seeds, Seed::bestGrid), false), steps));
    for (int i = 0; i < setup.grid().size(); i++) {
      int at = i;
      text.append(String.format(Locale.ROOT, "| %s | %s |%n", rate(setup.grid().get(i)),
          spread(seeds, seed -> seed.grid().get(at).valLoss()).formatWithSeeds("%.4f")));
    }
    text.append("\nRandom search's trials (learning rate → final val/loss):\n\n| seed | trials |\n|---|---|\n");
    for (Seed seed : seeds) {
      text.append("| ").append(seed.seed()).append(" | ");
      seed.random().forEach(trial -> text.append(String.format(Locale.ROOT, "%s → %.4f; ", rate(trial.learningRate()),
          trial.valLoss())));
      text.append("|\n");
    }
    text.append("""

        PBT's winner, generation by generation (member: learning rate → val/loss at the generation's end; \
        "exploited" where that generation's run continued another member's checkpoint with perturbed values):

        | seed | exploits in the sweep | exploits on the winner's path | trajectory |
        |---|---|---|---|
        """);
    for (Seed seed : seeds) {
      StringBuilder path = new StringBuilder();
      for (Generation generation : seed.winner()) {
        path.append(path.isEmpty() ? "" : " ⇒ ").append(String.format(Locale.ROOT, "g%d m%d: %s → %.4f%s",
            generation.generation(), generation.member(), rate(generation.learningRate()), generation.valLoss(),
            generation.exploited() ? " (exploited)" : ""));
      }
      text.append(String.format(Locale.ROOT, "| %d | %d of %d | %d | %s |%n", seed.seed(), seed.exploits(),
          setup.population() * (setup.generations() - 1),
          seed.winner().stream().filter(Generation::exploited).count(), path));
    }
    return text.append("\n").toString();
  }

  /** The key numbers, for the console. */
  public String summary(List<Seed> seeds) {
    return String.format(Locale.ROOT, "RESULT pbt seeds=%d pbt=%s random=%s grid=%s minutes=%.1f%n", seeds.size(),
        spread(seeds, Seed::pbt).formatWithSeeds("%.4f"), spread(seeds, Seed::bestRandom).formatWithSeeds("%.4f"),
        spread(seeds, Seed::bestGrid).formatWithSeeds("%.4f"), minutes);
  }

  private static String row(String arm, List<Seed> seeds, ToDoubleFunction<Seed> value,
      Function<Seed, String> rate) {
    return String.format(Locale.ROOT, "| %s | %s | %s |%n", arm, spread(seeds, value).formatWithSeeds("%.4f"),
        String.join("; ", seeds.stream().map(rate).toList()));
  }

  private static Spread spread(List<Seed> seeds, ToDoubleFunction<Seed> value) {
    return Spread.of(seeds.stream().mapToDouble(value).toArray());
  }

  private static double[] differences(List<Seed> seeds, ToDoubleFunction<Seed> a, ToDoubleFunction<Seed> b) {
    return seeds.stream().mapToDouble(seed -> a.applyAsDouble(seed) - b.applyAsDouble(seed)).toArray();
  }

  private static String rate(double learningRate) {
    return String.format(Locale.ROOT, "%.2e", learningRate);
  }
}
