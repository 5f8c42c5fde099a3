package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.spec.OptimizerSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FrugalReportTest {
  private static FrugalReport.Outcome outcome(String name, double stateBytes, double... finalLosses) {
    List<FrugalBench.RunResult> runs = Arrays.stream(finalLosses)
        .mapToObj(loss -> new FrugalBench.RunResult(new TreeMap<>(Map.of(100L, loss + 1, 200L, loss)), stateBytes))
        .toList();
    return new FrugalReport.Outcome(new FrugalBench.Arm(name, OptimizerSpec.adamW()), runs);
  }

  @Test
  void tablesStateAndLossAgainstAdamWPerSeedAtTheLastStep() {
    String report = FrugalReport.markdown("pedigree bench frugal --steps 200", 200, 2, 100, 1.5, List.of(
        outcome("AdamW", 1000, 2.0, 2.2), outcome("FRUGAL", 400, 1.5, 1.7), outcome("frozen", 400, 2.1, 2.3)));

    assertThat(report).contains("`pedigree bench frugal --steps 200`")
        .contains("| arm | optimizer state, bytes | of AdamW's | val loss @100 | val loss @200 | Δ vs AdamW @200 |")
        .contains("| AdamW | 1000 ± 0 | 1.00 | 3.1000 ± 0.1414 | 2.1000 ± 0.1414 [2.0000, 2.2000] | — | — |")
        .contains("| FRUGAL | 400 ± 0 | 0.40 | 2.6000 ± 0.1414 | 1.6000 ± 0.1414 [1.5000, 1.7000] | "
            + "better (Δ -0.500, beyond the larger spread 0.141) | 2 of 2 |")
        .contains("| frozen | 400 ± 0 | 0.40 |")
        .contains("no clear difference (Δ +0.100, within the larger spread 0.141) | 0 of 2 |")
        .doesNotContain("## Discussion");
  }
}
