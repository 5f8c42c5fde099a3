package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.bench.BenchRuns.Run;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RetokenizeReportTest {
  private static final List<RetokenizeBench.Method> METHODS = List.of(new RetokenizeBench.Method("NTP only", null),
      new RetokenizeBench.Method("ALM + 0.1·NTP", 0.1), new RetokenizeBench.Method("ALM only", 0.0));

  /** A run evaluated at steps 5, 10, 25 (as at 10) and 30 with these bits per byte. */
  private static Run run(long seed, double at5, double at10, double at30) {
    NavigableMap<Long, Map<String, Double>> metrics = new TreeMap<>();
    metrics.put(5L, Map.of(BenchRuns.EVAL_BITS_PER_BYTE, at5));
    metrics.put(10L, Map.of(BenchRuns.EVAL_BITS_PER_BYTE, at10, "distill/ce", 2.0));
    metrics.put(25L, Map.of(BenchRuns.EVAL_BITS_PER_BYTE, at10));
    metrics.put(30L, Map.of(BenchRuns.EVAL_BITS_PER_BYTE, at30));
    return new Run("m", seed, metrics, 4.0);
  }

  @Test
  void theCurveShowsStepZeroTheFixedStepsBeforeTheEndAndTheLastStep() {
    assertThat(new RetokenizeReport(new String[0], 200, 3, 1.0).curveSteps())
        .containsExactly(0L, 5L, 10L, 25L, 50L, 100L, 200L);
    assertThat(new RetokenizeReport(new String[0], 30, 3, 1.0).curveSteps()).containsExactly(0L, 5L, 10L, 25L, 30L);
  }

  @Test
  void rowsComparisonsAndRecoveryStepsComeFromTheRuns() {
    RetokenizeBench.StartResults omp = new RetokenizeBench.StartResults(new double[] {1.2, 1.4}, List.of(
        List.of(run(1, 1.0, 0.9, 0.8), run(2, 1.0, 0.9, 0.8)),
        List.of(run(1, 0.9, 0.8, 0.7), run(2, 1.0, 0.9, 0.8)),
        List.of(run(1, 1.1, 1.0, 1.0), run(2, 1.1, 1.0, 1.0))));
    RetokenizeBench.StartResults mean = new RetokenizeBench.StartResults(new double[] {2.0, 2.0}, List.of(
        List.of(run(1, 1.5, 1.5, 1.5), run(2, 1.5, 1.5, 1.5)),
        List.of(run(1, 1.5, 1.5, 1.5), run(2, 1.5, 1.5, 1.5)),
        List.of(run(1, 1.5, 1.5, 1.5), run(2, 1.5, 1.5, 1.5))));

    String md = new RetokenizeReport(new String[] {"--seeds", "2", "--steps", "30"}, 30, 2, 1.0)
        .markdown(new double[] {0.85, 0.95}, new double[] {0.8, 0.8}, METHODS, List.of(omp, mean));

    assertThat(md).contains("the base reads it in A at 0.9000 ± 0.0707 [0.8500, 0.9500]")
        .contains("| start | method | step 0 | step 5 | step 10 | step 25 | step 30 |")
        .contains("| OMP k=8 | NTP only | 1.3000 ± 0.1414 | 1.0000 ± 0.0000 | 0.9000 ± 0.0000 | 0.9000 ± 0.0000"
            + " | 0.8000 ± 0.0000 | [30, 10] |")
        .contains("| OMP k=8 | ALM + 0.1·NTP | 1.3000 ± 0.1414 | 0.9500 ± 0.0707 | 0.8500 ± 0.0707 | 0.8500 ± 0.0707"
            + " | 0.7500 ± 0.0707 | [10, 10] |")
        .contains("| mean init | ALM only | 2.0000 ± 0.0000 | 1.5000 ± 0.0000 | 1.5000 ± 0.0000 | 1.5000 ± 0.0000"
            + " | 1.5000 ± 0.0000 | [–, –] |")
        .contains("- OMP k=8, ALM + 0.1·NTP: step 5 -0.0500 (1 of 2); step 10 -0.0500 (1 of 2);"
            + " step 25 -0.0500 (1 of 2); step 30 -0.0500 (1 of 2).")
        .contains("- OMP k=8, ALM only: step 5 +0.1000 (0 of 2)")
        .contains("Seconds per run (mean over starts and seeds): NTP only 4, ALM + 0.1·NTP 4, ALM only 4.");
  }
}
