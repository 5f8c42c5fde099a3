package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PbtReportTest {
  private static final PbtReport.Setup SETUP =
      new PbtReport.Setup(2, 2, 10, 1e-4, 1e-2, List.of(1e-4, 1e-2), "{}", "{}", 4);

  /** Seed 1: the winner exploited in generation 1; seed 2: it continued itself. */
  private static List<PbtReport.Seed> seeds() {
    return List.of(
        new PbtReport.Seed(1, List.of(new PbtReport.Generation(0, 0, 1e-3, 3.5, false),
            new PbtReport.Generation(1, 1, 1.2e-3, 3.0, true)), 1, true,
            List.of(new PbtReport.Trial(1e-3, 3.2), new PbtReport.Trial(5e-4, 3.4)),
            List.of(new PbtReport.Trial(1e-4, 4.0), new PbtReport.Trial(1e-2, 3.1))),
        new PbtReport.Seed(2, List.of(new PbtReport.Generation(0, 1, 2e-3, 3.3, false),
            new PbtReport.Generation(1, 1, 2e-3, 3.2, false)), 1, false,
            List.of(new PbtReport.Trial(2e-3, 3.2), new PbtReport.Trial(3e-4, 3.6)),
            List.of(new PbtReport.Trial(1e-4, 4.2), new PbtReport.Trial(1e-2, 2.9))));
  }

  @Test
  void armsCompareTheirBestRunAndTheWinnersPathShowsEachExploit() {
    String md = new PbtReport(new String[] {"--seeds", "2"}, SETUP, 1.0).markdown(seeds());

    assertThat(md).contains("./pedigree bench pbt --seeds 2")
        .contains("Each arm trains 40 steps in all")
        .contains("first generation drew the very rates of random search's trials: 1 of 2.")
        .contains("| PBT (winner) | 3.1000 ± 0.1414 [3.0000, 3.2000] | 1.20e-03 (started 1.00e-03); 2.00e-03"
            + " (started 2.00e-03) |")
        .contains("| Random search | 3.2000 ± 0.0000 [3.2000, 3.2000] | 1.00e-03; 2.00e-03 |")
        .contains("| Grid (best fixed rate) | 3.0000 ± 0.1414 [3.1000, 2.9000] | 1.00e-02; 1.00e-02 |")
        .contains("- over random search: +0.1000 ± 0.1414 [+0.2000, +0.0000], ahead on 1 of 2 seeds;")
        .contains("- over the best grid rate: -0.1000 ± 0.2828 [+0.1000, -0.3000], ahead on 1 of 2 seeds.")
        .contains("| 1.00e-04 | 4.1000 ± 0.1414 [4.0000, 4.2000] |")
        .contains("| 1 | 1.00e-03 → 3.2000; 5.00e-04 → 3.4000; |")
        .contains("| 1 | 1 of 2 | 1 | g0 m0: 1.00e-03 → 3.5000 ⇒ g1 m1: 1.20e-03 → 3.0000 (exploited) |")
        .contains("| 2 | 1 of 2 | 0 | g0 m1: 2.00e-03 → 3.3000 ⇒ g1 m1: 2.00e-03 → 3.2000 |");
  }

  @Test
  void theSummaryLineCarriesEachArmsSeeds() {
    assertThat(new PbtReport(new String[0], SETUP, 2.5).summary(seeds())).isEqualTo(
        "RESULT pbt seeds=2 pbt=3.1000 ± 0.1414 [3.0000, 3.2000] random=3.2000 ± 0.0000 [3.2000, 3.2000]"
            + " grid=3.0000 ± 0.1414 [3.1000, 2.9000] minutes=2.5\n");
  }
}
