package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.bench.AlignDistilBench.Sizes;
import dev.pedigree.workers.bench.BenchRuns.Run;
import dev.pedigree.workflows.spec.DistillSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AlignDistilReportTest {
  private static final Sizes SIZES = new Sizes(2, 10, 8, 4);

  /** A run scored at steps 1..4 with {@code rewards}, KL {@code klPerStep} × step and {@code extra}. */
  private static Run run(String method, long seed, double[] rewards, double klPerStep, Map<String, Double> extra) {
    NavigableMap<Long, Map<String, Double>> metrics = new TreeMap<>();
    for (int step = 0; step < rewards.length; step++) {
      Map<String, Double> values = new TreeMap<>(extra);
      values.put("eval/sampled_reward", rewards[step]);
      values.put("eval/kl", klPerStep * step);
      metrics.put((long) step, values);
    }
    if (!method.startsWith("dpo")) {
      metrics.remove(0L);
    }
    return new Run(method, seed, metrics, 1.0);
  }

  @Test
  void tablesAndReadingComeFromTheRuns() {
    List<Run> runs = new ArrayList<>();
    Map<String, Double> pairs = Map.of("pref/pairs", 8.0, "pref/accuracy", 0.75);
    runs.add(run("dpo", 1, new double[] {-0.1, 0.1, 0.2, 0.3, 0.4}, 10, pairs));
    runs.add(run("dpo", 2, new double[] {-0.1, 0.1, 0.2, 0.3, 0.6}, 10, pairs));
    runs.add(run("reverse-dpo", 1, new double[] {-0.1, -0.5}, 10, pairs));
    runs.add(run("reverse-dpo", 2, new double[] {-0.1, -0.7}, 10, pairs));
    Map<String, Double> lambda = Map.of("distill/lambda_mean", 0.25);
    runs.add(run(DistillSpec.KD, 1, new double[] {0, 0.0, 0.1, 0.1, 0.1}, 12, Map.of()));
    runs.add(run(DistillSpec.KD, 2, new double[] {0, 0.0, 0.1, 0.1, 0.1}, 12, Map.of()));
    runs.add(run(DistillSpec.ALIGN_DISTIL, 1, new double[] {0, 0.5, 0.5, 0.5, 0.5}, 10, lambda));
    runs.add(run(DistillSpec.ALIGN_DISTIL, 2, new double[] {0, 0.2, 0.3, 0.4, 0.5}, 10, lambda));
    for (long seed = 1; seed <= 2; seed++) {
      runs.add(run(AlignDistilBench.CONTRASTIVE_ARM, seed, new double[] {0, 0.6, 0.6, 0.6, 0.6}, 5, Map.of()));
      runs.add(run(AlignDistilBench.THEOREM_ARM, seed, new double[] {0, 0.1, 0.2, 0.3, 0.3}, 5, Map.of()));
      runs.add(run(AlignDistilBench.ON_POLICY_ARM, seed, new double[] {0, 0.1, 0.2, 0.3, 0.4}, 10,
          Map.of("distill/lambda_mean", 0.5)));
      runs.add(run(AlignDistilBench.THEOREM_BETWEEN_ARM, seed, new double[] {0, 0.1, 0.2, 0.2, 0.2}, 2, Map.of()));
      runs.add(run(AlignDistilBench.KD_ON_POLICY_ARM, seed, new double[] {0, 0.3, 0.4, 0.5, 0.7 - 0.1 * seed}, 8,
          Map.of()));
      runs.add(run(AlignDistilBench.DPO_DOUBLE_BETA_ARM, seed, new double[] {-0.1, 0.1, 0.2, 0.3, 0.3}, 5, pairs));
    }
    double[] lambdas = {0.001, 0.001, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0};

    String md = AlignDistilReport.markdown(new String[] {"--steps", "4"}, SIZES, BenchModel.DEMO.spec(10, 10),
        AlignDistilBench.preferenceSpec(SIZES, false, AlignDistilBench.BETA, 1),
        AlignDistilBench.distillSpec(DistillSpec.ALIGN_DISTIL, SIZES, 1), runs, List.of(lambdas, lambdas), 0.5);

    assertThat(md).contains("./pedigree bench aligndistil --steps 4")
        .contains("| base | -0.100 ± 0.000 [-0.100, -0.100] | 0 | |")
        .contains("| DPO | 0.500 ± 0.141 [0.400, 0.600] | 40.00 ± 0.00 [40.00, 40.00] | 1 ± 0 |")
        .contains("| reverse DPO | -0.600 ± 0.141 [-0.500, -0.700] | 10.00 ± 0.00 [10.00, 10.00] | 1 ± 0 |")
        .contains("| step | DPO reward | DPO KL | KD reward | KD KL | AlignDistil reward | AlignDistil KL "
            + "| contrastive reward | contrastive KL | theorem reward | theorem KL | on-policy reward | on-policy KL "
            + "| theorem 2β reward | theorem 2β KL | KD on-policy reward | KD on-policy KL "
            + "| DPO 2β reward | DPO 2β KL |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
        .contains("| 2 | 0.200 ± 0.000 | 20.00 ± 0.00 | 0.100 ± 0.000 | 24.00 ± 0.00 | 0.400 ± 0.141 | 20.00 ± 0.00 "
            + "| 0.600 ± 0.000 | 10.00 ± 0.00 | 0.200 ± 0.000 | 10.00 ± 0.00 | 0.200 ± 0.000 | 20.00 ± 0.00 "
            + "| 0.200 ± 0.000 | 4.00 ± 0.00 | 0.400 ± 0.000 | 16.00 ± 0.00 | 0.200 ± 0.000 | 10.00 ± 0.00 |")
        .contains("| DPO (β = 0.20) | 0.300 ± 0.000 [0.300, 0.300] | 20.00 ± 0.00 [20.00, 20.00] | 1 ± 0 |")
        .contains("DPO with β = 0.20 (2β): the same spec and pairs with only β doubled")
        .contains("- DPO (β = 0.20) vs DPO, final sampled reward: worse (Δ -0.200")
        .contains("- DPO (β = 0.20) at DPO's KL (means; DPO's reward interpolated linearly along its own KL–reward "
            + "points above): step 1: 0.100 at KL 5.00 vs DPO 0.000; step 2: 0.200 at KL 10.00 vs DPO 0.100; step 3: "
            + "0.300 at KL 15.00 vs DPO 0.150; step 4: 0.300 at KL 20.00 vs DPO 0.200.")
        .contains("- AlignDistil theorem (β₂ = 0.2000) vs DPO (β = 0.20), final sampled reward: worse (Δ -0.100")
        .contains("; KL to base: better (Δ -12.000")
        .contains("- AlignDistil theorem (β₂ = 0.2000) at DPO (β = 0.20)'s KL (means; DPO (β = 0.20)'s reward "
            + "interpolated linearly along its own KL–reward points above): step 1: 0.100 at KL 2.00 vs DPO (β = 0.20) "
            + "-0.020; step 2: 0.200 at KL 4.00 vs DPO (β = 0.20) 0.060; step 3: 0.200 at KL 6.00 vs DPO (β = 0.20) "
            + "0.120; step 4: 0.200 at KL 8.00 vs DPO (β = 0.20) 0.160.")
        .contains("| AlignDistil theorem (β₂ = 0.2000) | 0.200 ± 0.000 [0.200, 0.200] | 8.00 ± 0.00 [8.00, 8.00] "
            + "| 1 ± 0 |")
        .contains("| KD → DPO on-policy (forward KL) | 0.550 ± 0.071 [0.600, 0.500] | 32.00 ± 0.00 [32.00, 32.00] "
            + "| 1 ± 0 |")
        .contains("- KD → DPO on-policy (forward KL) vs DPO, final sampled reward: no clear difference (Δ +0.050")
        .contains("Not run: the on-policy variants of contrastive and theorem")
        .contains("| AlignDistil contrastive (fixed λ = 0.40) | 0.600 ± 0.000 [0.600, 0.600] | 20.00 ± 0.00 "
            + "[20.00, 20.00] | 1 ± 0 |")
        .contains("| AlignDistil theorem (β₂ = 0.0714) | 0.300 ± 0.000")
        .contains("| 1 | 0.3802 | 0.0010 | 0.3000 | 0.7000 | 1.0000 | 1.0000 | 0.200 | 0.2500 | 0.5000 |")
        .contains("- AlignDistil contrastive (fixed λ = 0.40) vs DPO, final sampled reward: no clear difference "
            + "(Δ +0.100")
        .contains("- Reverse DPO vs the base, sampled reward: worse (Δ -0.500")
        .contains("- KD → DPO (forward KL) vs DPO, final sampled reward: worse (Δ -0.400")
        .contains("- AlignDistil (token-adaptive λ_t) vs DPO, final sampled reward: no clear difference (Δ +0.000")
        .contains("AlignDistil (token-adaptive λ_t) [1, not within 4]; AlignDistil contrastive (fixed λ = 0.40) "
            + "[1, 1]; AlignDistil theorem (β₂ = 0.0714) [not within 4, not within 4]; AlignDistil on-policy (token-adaptive "
            + "λ_t) [4, not within 4]; AlignDistil theorem (β₂ = 0.2000) [not within 4, not within 4]; KD → DPO "
            + "on-policy (forward KL) [2, not within 4]; KD → DPO (forward KL) [not within 4, not within 4]; "
            + "DPO [4, 4]")
        .contains("- AlignDistil theorem (β₂ = 0.2000) at DPO's KL (means; DPO's reward interpolated linearly along "
            + "its own KL–reward points above): step 1: 0.100 at KL 2.00 vs DPO -0.060; step 2: 0.200 at KL 4.00 vs "
            + "DPO -0.020;")
        .contains("- AlignDistil (token-adaptive λ_t) at DPO's KL (means; DPO's reward interpolated linearly along its "
            + "own KL–reward points above): step 1: 0.350 at KL 10.00 vs DPO 0.100; step 2: 0.400 at KL 20.00 vs DPO "
            + "0.200; step 3: 0.450 at KL 30.00 vs DPO 0.300; step 4: 0.500 at KL 40.00 vs DPO 0.500.")
        .contains("step 1: 0.000 at KL 12.00 vs DPO 0.120; step 2: 0.100 at KL 24.00 vs DPO 0.240; step 3: 0.100 at KL "
            + "36.00 vs DPO 0.420; step 4: 0.100 at KL 48.00 vs DPO 0.500 at less KL (40.00), which dominates.");
  }

  @Test
  void stepsMustSplitIntoQuarters() {
    assertThatThrownBy(() -> new Sizes(3, 10, 8, 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--steps must be a multiple of 4");
  }
}
