package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.MarkovSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MarkovSourceTest {
  private static final double EXACT = 1e-12;

  @Test
  void firstOrderChainMatchesTheHandComputedRates() {
    // P(1 | 0) = 0.2, P(0 | 1) = 0.4: π = (q, p) / (p + q) = (2/3, 1/3).
    MarkovSource source = new MarkovSource(1, new double[] {0.2, 0.6});
    assertThat(source.stationary()).containsExactly(new double[] {2.0 / 3, 1.0 / 3}, within(EXACT));
    double h02 = -(0.2 * log2(0.2) + 0.8 * log2(0.8));
    double h04 = -(0.4 * log2(0.4) + 0.6 * log2(0.6));
    assertThat(source.entropyRate()).isCloseTo(2.0 / 3 * h02 + 1.0 / 3 * h04, within(EXACT));
    assertThat(source.entropyRate()).isCloseTo(0.804936, within(1e-6));
    assertThat(source.unigramEntropy()).isCloseTo(0.918296, within(1e-6));
  }

  @Test
  void switchingSourceOfAnyOrderHasTheFlipEntropyAndUniformSymbols() {
    for (int order = 1; order <= 4; order++) {
      MarkovSource source = MarkovSource.of(MarkovSpec.switching(order, 0.8, 64), 1);
      assertThat(source.entropyRate()).isCloseTo(MarkovSource.binaryEntropy(0.8), within(EXACT));
      assertThat(source.entropyRate()).isCloseTo(0.721928, within(1e-6));
      assertThat(source.unigramEntropy()).isCloseTo(1.0, within(EXACT));
    }
    // Unequal flips: the k = 1 closed form holds for every order, since each of the k interleaved chains is one.
    MarkovSource skewed = MarkovSource.of(new MarkovSpec(3, null, 0.2, 0.4, 64), 1);
    assertThat(skewed.entropyRate()).isCloseTo(0.804936, within(1e-6));
    assertThat(skewed.unigramEntropy()).isCloseTo(0.918296, within(1e-6));
  }

  @Test
  void samplesFollowTheChain() {
    MarkovSource source = MarkovSource.of(new MarkovSpec(2, null, 0.2, 0.4, 64), 5);
    String symbols = source.sample(new SplitMix64(3), 400_000);
    assertThat(symbols).matches("[01]+").hasSize(400_000);
    int[] ones = new int[2];
    int[] seen = new int[2];
    for (int i = 2; i < symbols.length(); i++) {
      int twoBack = symbols.charAt(i - 2) - '0';
      seen[twoBack]++;
      ones[twoBack] += symbols.charAt(i) - '0';
    }
    assertThat((double) ones[0] / seen[0]).isCloseTo(0.2, within(0.005));
    assertThat((double) ones[1] / seen[1]).isCloseTo(0.6, within(0.005));
    assertThat((double) seen[1] / (seen[0] + seen[1])).isCloseTo(1.0 / 3, within(0.01));
  }

  @Test
  void randomTransitionsComeFromTheSeed() {
    MarkovSpec spec = new MarkovSpec(3, MarkovSpec.RANDOM, null, null, 64);
    MarkovSource first = MarkovSource.of(spec, 11);
    assertThat(MarkovSource.of(spec, 11).entropyRate()).isEqualTo(first.entropyRate());
    assertThat(MarkovSource.of(spec, 12).entropyRate()).isNotEqualTo(first.entropyRate());
    assertThat(first.entropyRate()).isBetween(0.0, first.unigramEntropy());
    assertThat(first.stationary()).hasSize(8);
    assertThat(Arrays.stream(first.stationary()).sum()).isCloseTo(1.0, within(EXACT));
  }

  @Test
  void generatorWritesDocumentsOfTheSpecLengthFromTheDataSpec() {
    DataSpec data = DataSpec.markov(MarkovSpec.switching(4, 0.8, 100), 20, 9, "byte", 512);
    DocumentGenerator generator = Generators.of(data);
    assertThat(generator.document(3)).matches("[01]{100}").isEqualTo(Generators.of(data).document(3));
    assertThat(((GMarkovGenerator) generator).source().order()).isEqualTo(4);
    assertThat(new GMarkovGenerator(7, MarkovSpec.defaults()).document(0))
        .isEqualTo(Generators.of(DataSpec.MARKOV, 7).document(0)).hasSize(1024);
    assertThatThrownBy(() -> new MarkovSource(2, new double[] {0.5, 0.5})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lineageRecipeNamesTheChainSoAnotherOrderIsAnotherDataset() {
    DatasetSource second = DatasetSource.of(DataSpec.markov(MarkovSpec.switching(2, 0.8, 100), 20, 9, "byte", null))
        .get(0);
    DatasetSource fourth = DatasetSource.of(DataSpec.markov(MarkovSpec.switching(4, 0.8, 100), 20, 9, "byte", null))
        .get(0);
    assertThat(second.recipe()).containsEntry("markov", MarkovSpec.switching(2, 0.8, 100));
    assertThat(second.uri()).startsWith("generated:g-markov/");
    assertThat(fourth.sha256()).isNotEqualTo(second.sha256());
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
