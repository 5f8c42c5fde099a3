package dev.pedigree.workers.engine.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalingLawFitTest {
  /** Constants of the size of those our tiny GPTs give on G-text (nats per byte). */
  private static final ScalingLaw TRUE = new ScalingLaw(0.9, 30, 0.4, 20, 0.35);
  private static final double[] SIZES = {2e4, 5e4, 1e5, 2e5, 5e5};
  private static final double[] TOKENS = {1e5, 3e5, 1e6, 3e6};

  @Test
  void recoversTheConstantsOfExactPoints() {
    ScalingLaw fitted = ScalingLawFit.fit(points(0, 1));

    assertThat(fitted.irreducible()).isCloseTo(0.9, within(0.01));
    assertThat(fitted.alpha()).isCloseTo(0.4, within(0.01));
    assertThat(fitted.beta()).isCloseTo(0.35, within(0.01));
    assertThat(fitted.a()).isCloseTo(30, within(1.5));
    assertThat(fitted.b()).isCloseTo(20, within(1.0));
  }

  /** With 1% noise the exponents trade off against their coefficients (β lands near 0.5), yet predictions hold. */
  @Test
  void predictsABiggerRunFromNoisyPointsWithinItsBootstrapInterval() {
    List<ScalingPoint> noisy = points(0.01, 7);
    ScalingLaw fitted = ScalingLawFit.fit(noisy);
    double truth = TRUE.predict(2e6, 1e7);

    assertThat(fitted.predict(2e6, 1e7)).isCloseTo(truth, within(0.03 * truth));
    BootstrapLaws.Interval interval = BootstrapLaws.resample(noisy, fitted, 100, 3).interval(2e6, 1e7, 0.9);
    assertThat(interval.low()).isLessThan(truth).isLessThan(interval.high());
    assertThat(interval.high() - interval.low()).isLessThan(0.2 * truth);
  }

  @Test
  void oneWildRunMovesTheHuberFitLittle() {
    List<ScalingPoint> points = points(0, 1);
    ScalingPoint last = points.remove(points.size() - 1);
    points.add(new ScalingPoint("diverged", last.parameters(), last.tokens(), 3 * last.loss()));

    ScalingLaw fitted = ScalingLawFit.fit(points);

    assertThat(fitted.predict(2e6, 1e7)).isCloseTo(TRUE.predict(2e6, 1e7), within(0.01));
  }

  @Test
  void saysWhatIsMissingBelowFiveRunsOrThreeSizes() {
    List<ScalingPoint> twoSizes = new ArrayList<>();
    for (double tokens : TOKENS) {
      twoSizes.add(new ScalingPoint("a", 1e4, tokens, 2));
      twoSizes.add(new ScalingPoint("b", 2e4, tokens, 1.9));
    }

    assertThat(ScalingLawFit.shortfall(twoSizes)).contains("has 8 run(s) at 2 distinct size(s) N and 4 distinct token"
        + " count(s) D; a fit needs at least 5 runs, 3 sizes and 3 token counts");
    assertThat(ScalingLawFit.shortfall(points(0, 1))).isEmpty();
    assertThat(ScalingLawFit.shortfall(points(0, 1).subList(0, 4))).get().asString().startsWith("has 4 run(s)");
    assertThatThrownBy(() -> ScalingLawFit.fit(twoSizes)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void huberIsQuadraticInsideDeltaAndLinearOutside() {
    assertThat(ScalingLawFit.huber(5e-4)).isCloseTo(1.25e-7, within(1e-15));
    assertThat(ScalingLawFit.huber(-0.1)).isCloseTo(1e-3 * (0.1 - 5e-4), within(1e-15));
  }

  /** Every size at every token count, with multiplicative Gaussian noise of relative size {@code noise}. */
  private static List<ScalingPoint> points(double noise, long seed) {
    Random random = new Random(seed);
    List<ScalingPoint> points = new ArrayList<>();
    for (double size : SIZES) {
      for (double tokens : TOKENS) {
        double loss = TRUE.predict(size, tokens) * (1 + noise * random.nextGaussian());
        points.add(new ScalingPoint("n" + size + "-d" + tokens, size, tokens, loss));
      }
    }
    return points;
  }
}
