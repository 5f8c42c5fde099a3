package dev.pedigree.workers.engine.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Importance sampling's static mixture from byte-bigram domain classifiers, on hand-made domains. */
class ImportanceWeightsTest {
  @Test
  void bigramProbabilitiesAreAddOneSmoothedCounts() {
    BigramModel model = BigramModel.fit(List.of(bytes("abab"), bytes("ac")));
    // after 'a': b twice, c once, out of 3 pairs; add one over 256 next bytes
    assertThat(model.logLikelihood(bytes("ab"))).isCloseTo(Math.log(3.0 / 259), within(1e-12));
    assertThat(model.logLikelihood(bytes("ac"))).isCloseTo(Math.log(2.0 / 259), within(1e-12));
    assertThat(model.logLikelihood(bytes("aa"))).isCloseTo(Math.log(1.0 / 259), within(1e-12));
    // after 'b': a once; after 'z': nothing seen, so uniform
    assertThat(model.logLikelihood(bytes("aba"))).isCloseTo(Math.log(3.0 / 259) + Math.log(2.0 / 257), within(1e-12));
    assertThat(model.logLikelihood(bytes("zq"))).isCloseTo(Math.log(1.0 / 256), within(1e-12));
    assertThat(model.logLikelihood(bytes("a"))).isZero();
  }

  @Test
  void theDomainThatIsTheTargetGetsTheLargestWeight() {
    List<byte[]> addition = texts("Q: %d+%d = ", 0);
    List<byte[]> multiplication = texts("Q: %d*%d = ", 1);
    List<byte[]> prose = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      prose.add(bytes("the cat sat on the mat and saw " + i + " dogs"));
    }
    List<byte[]> target = texts("Q: %d+%d = ", 7);

    double[] weights = ImportanceWeights.of(List.of(prose, addition, multiplication), target);

    assertThat(Arrays.stream(weights).sum()).isCloseTo(1.0, within(1e-12));
    assertThat(weights[1]).as("addition, the target's own kind").isGreaterThan(0.9);
    assertThat(weights[2]).as("multiplication shares the format, not the operator").isGreaterThan(weights[0]);
    assertThat(ImportanceWeights.of(List.of(addition, multiplication, prose), target))
        .as("domain order does not matter").containsExactly(new double[] {weights[1], weights[2], weights[0]},
            within(1e-12));
  }

  @Test
  void aTargetLikeTwoDomainsAlikeSplitsItsWeightEvenly() {
    List<byte[]> same = texts("Q: %d+%d = ", 0);
    double[] weights = ImportanceWeights.of(List.of(same, same), texts("Q: %d+%d = ", 3));
    assertThat(weights).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
  }

  private static List<byte[]> texts(String format, int offset) {
    List<byte[]> texts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      texts.add(bytes(String.format(format, 11 + 7 * i + offset, 90 - 3 * i + offset)));
    }
    return texts;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
