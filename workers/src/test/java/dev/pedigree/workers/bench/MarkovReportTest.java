package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.MarkovSource;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MarkovReportTest {
  /** k = 1 with P(1 | 0) = 0.2, P(0 | 1) = 0.4: entropy rate 0.8049, unigram entropy 0.9183. */
  private static final MarkovSource SOURCE = new MarkovSource(1, new double[] {0.2, 0.6});

  private static NavigableMap<Long, Double> bits(double at10, double at20) {
    NavigableMap<Long, Double> bits = new TreeMap<>();
    bits.put(10L, at10);
    bits.put(20L, at20);
    return bits;
  }

  @Test
  void rowsMeasureEachArmAgainstTheSourcesFloor() {
    List<MarkovBench.Outcome> outcomes = List.of(
        new MarkovBench.Outcome(1, SOURCE, MarkovBench.Arm.bytes(), List.of(bits(0.95, 0.90), bits(0.93, 0.88)), 7),
        new MarkovBench.Outcome(1, SOURCE, new MarkovBench.Arm("bpe", 272, 32, 4.0),
            List.of(bits(0.85, 0.8149), bits(0.85, 0.8149)), 3));

    String md = new MarkovReport(new String[] {"--steps", "20"}, 20, 2, 1.0).markdown(outcomes);

    assertThat(md).contains("./pedigree bench markov --steps 20")
        .contains("| 1 | 0.8049 | 0.9183 |")
        .contains("| 1 | characters (byte) | 128 | 1.00 | 0.04M | 0.8900 ± 0.0141 | 0.0851 ± 0.0141 | 0.25 ± 0.12 |")
        .contains("| 1 | BPE 272 | 32 | 4.00 | 0.04M | 0.8149 ± 0.0000 | 0.0100 ± 0.0000 | 0.91 ± 0.00 |")
        .contains("| k | arm | step 10 | step 20 |")
        .contains("| 1 | characters (byte) | 0.9400 ± 0.0141 | 0.8900 ± 0.0141 |")
        .contains("k=1 characters (byte) 7, k=1 BPE 272 3.");
  }
}
