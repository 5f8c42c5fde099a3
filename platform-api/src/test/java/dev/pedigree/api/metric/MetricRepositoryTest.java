package dev.pedigree.api.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.migrations.testing.PostgresTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresTest
class MetricRepositoryTest {
  private static final long WALL = 1_700_000_000_000L;

  private final JdbcClient jdbc;
  private final MetricRepository metrics;
  private UUID run;

  MetricRepositoryTest(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.metrics = new MetricRepository(dataSource);
  }

  @BeforeEach
  void newRun() {
    run = MetricTestRuns.insert(jdbc);
  }

  @Test
  void theSameBatchTwiceStoresItOnce() {
    MetricBatch batch = batch(1, series("train/loss", points(0, 100, step -> 1.0 / (step + 1))),
        series("lr", points(0, 100, step -> 0.001)));

    assertThat(metrics.ingest(run, batch)).hasValue(new IngestResult(200, 0));
    assertThat(metrics.ingest(run, batch)).hasValue(new IngestResult(0, 200));

    assertThat(pointRows()).isEqualTo(200);
    assertThat(summary("train/loss")).isEqualTo(
        new MetricKeysResponse.MetricKeySummary("train/loss", 1.0 / 100, 99, 1.0 / 100, 1.0, 100));
  }

  @Test
  void aResumedRunReadsAsOneCurveWithTheLaterAttemptsPoints() {
    metrics.ingest(run, batch(1, series("train/loss", points(0, 10, step -> step))));
    metrics.ingest(run, batch(2, series("train/loss", points(5, 15, step -> 100 + step))));
    // A late request of the first attempt changes neither the curve nor the last value.
    metrics.ingest(run, batch(1, series("train/loss", points(14, 15, step -> -1))));

    List<MetricPoint> curve = metrics.curve(key("train/loss"), 1000, StepWindow.ALL, false);

    assertThat(curve).extracting(MetricPoint::step).containsExactlyElementsOf(range(0, 15));
    assertThat(curve.subList(0, 5)).extracting(MetricPoint::value).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
    assertThat(curve.subList(5, 15)).allSatisfy(point -> assertThat(point.value()).isEqualTo(100.0 + point.step()));
    MetricKeysResponse.MetricKeySummary summary = summary("train/loss");
    assertThat(summary.count()).isEqualTo(15);
    assertThat(summary.lastStep()).isEqualTo(14);
    assertThat(summary.last()).isEqualTo(114.0);
    assertThat(summary.max()).isEqualTo(114.0);
  }

  @Test
  void summariesCountOnlyNewPointsAndKeepLastMinAndMax() {
    metrics.ingest(run, batch(1, series("val/loss", new double[][] {{10, 3.0}, {0, 5.0}, {20, 4.0}})));
    MetricBatch second = batch(1, series("val/loss", new double[][] {{20, 9.0}, {30, -2.0}, {30, 7.0}, {25, 8.0}}));

    assertThat(metrics.ingest(run, second)).hasValue(new IngestResult(2, 2));
    assertThat(summary("val/loss")).isEqualTo(
        new MetricKeysResponse.MetricKeySummary("val/loss", -2.0, 30, -2.0, 8.0, 5));
    assertThat(metrics.curve(key("val/loss"), 1000, StepWindow.ALL, false)).containsExactly(new MetricPoint(0, 5.0),
        new MetricPoint(10, 3.0), new MetricPoint(20, 4.0), new MetricPoint(25, 8.0), new MetricPoint(30, -2.0));
  }

  @Test
  void trainLossAdvancesTheRunsProgressNeverBack() {
    metrics.ingest(run, batch(1, series("train/loss", points(0, 50, step -> 1)), series("lr", points(0, 90, s -> 1))));
    assertThat(progress()).isEqualTo(49);

    metrics.ingest(run, batch(2, series("train/loss", points(10, 20, step -> 1))));
    assertThat(progress()).isEqualTo(49);
  }

  @Test
  void downsamplingKeepsTheExtremesInStepOrderWithinMaxPoints() {
    double[][] first = points(0, 60_000, step -> Math.sin(step / 500.0));
    first[41_234][1] = -50; // replaced by the second attempt: must not show
    double[][] second = points(40_000, 100_000, step -> Math.sin(step / 500.0));
    second[12_345][1] = 7.5; // step 52,345
    second[33_333][1] = -7.5; // step 73,333
    metrics.ingest(run, batch(1, series("train/loss", first)));
    metrics.ingest(run, batch(2, series("train/loss", second)));

    List<MetricPoint> curve = metrics.curve(key("train/loss"), 1000, StepWindow.ALL, false);

    assertThat(curve).hasSizeLessThanOrEqualTo(1000).hasSizeGreaterThan(400);
    assertThat(curve).extracting(MetricPoint::step).isSorted().doesNotHaveDuplicates();
    assertThat(curve).contains(new MetricPoint(52_345, 7.5), new MetricPoint(73_333, -7.5), new MetricPoint(0, 0.0),
        new MetricPoint(99_999, Math.sin(99_999 / 500.0)));
    assertThat(curve).extracting(MetricPoint::value).allSatisfy(value -> assertThat(value).isBetween(-7.5, 7.5));
    assertThat(metrics.curve(key("train/loss"), 10, StepWindow.ALL, false)).hasSizeLessThanOrEqualTo(10)
        .contains(new MetricPoint(52_345, 7.5), new MetricPoint(73_333, -7.5));
  }

  @Test
  void aWindowOfTheCurveComesAtFullDetailWhenItFitsAndDownsampledWhenNot() {
    double[][] points = points(0, 100_000, step -> Math.sin(step / 500.0));
    points[52_345][1] = 7.5;
    points[73_333][1] = -7.5;
    points[95_000][1] = 9.0; // outside the wide window below
    metrics.ingest(run, batch(1, series("train/loss", points)));

    List<MetricPoint> narrow = metrics.curve(key("train/loss"), 1000, new StepWindow(52_000, 52_499), false);
    List<MetricPoint> wide = metrics.curve(key("train/loss"), 100, new StepWindow(10_000, 90_000), false);

    assertThat(narrow).extracting(MetricPoint::step).containsExactlyElementsOf(range(52_000, 52_500));
    assertThat(narrow).contains(new MetricPoint(52_345, 7.5));
    assertThat(wide).hasSizeLessThanOrEqualTo(100).extracting(MetricPoint::step).isSorted()
        .allSatisfy(step -> assertThat(step).isBetween(10_000L, 90_000L));
    assertThat(wide).contains(new MetricPoint(52_345, 7.5), new MetricPoint(73_333, -7.5));
    assertThat(metrics.curve(key("train/loss"), 100, new StepWindow(200_000, 300_000), false)).isEmpty();
  }

  @Test
  void theRollupHoldsEachBucketsFirstLastMinAndMaxOfTheCurveAfterAppendsAndReplacements() {
    metrics.ingest(run, batch(1, series("train/loss", points(0, 1_000, step -> Math.cos(step / 37.0)))));
    metrics.ingest(run, batch(1, series("train/loss", points(1_000, 1_300, step -> Math.cos(step / 37.0) - 3))));
    metrics.ingest(run, batch(2, series("train/loss", points(700, 1_100, step -> Math.sin(step / 11.0) + 3))));

    List<MetricPoint> curve = metrics.curve(key("train/loss"), Integer.MAX_VALUE, StepWindow.ALL, false);
    assertThat(curve).hasSize(1_300);
    List<List<Double>> expected = new ArrayList<>();
    for (int first = 0; first < curve.size(); first += MetricRepository.ROLLUP_STEPS) {
      List<MetricPoint> bucket = curve.subList(first, Math.min(curve.size(), first + MetricRepository.ROLLUP_STEPS));
      MetricPoint min = bucket.stream().min(java.util.Comparator.comparingDouble(MetricPoint::value)).orElseThrow();
      MetricPoint max = bucket.stream().max(java.util.Comparator.comparingDouble(MetricPoint::value)).orElseThrow();
      expected.add(List.of((double) first / MetricRepository.ROLLUP_STEPS, (double) bucket.get(0).step(),
          bucket.get(0).value(), (double) bucket.get(bucket.size() - 1).step(), bucket.get(bucket.size() - 1).value(),
          (double) min.step(), min.value(), (double) max.step(), max.value()));
    }
    assertThat(rollup("train/loss")).isEqualTo(expected);
  }

  /** Postgres orders NaN above every number, so a diverged loss is the maximum its bucket and summary keep. */
  @Test
  void aDivergedCurveKeepsItsNaNAndInfinitiesInFullAndDownsampledAndInTheSummary() {
    double[][] points = points(0, 3_000, step -> step < 2_000 ? 1.0 / (step + 1) : Double.NaN);
    points[1_500][1] = Double.POSITIVE_INFINITY;
    points[1_600][1] = Double.NEGATIVE_INFINITY;
    metrics.ingest(run, batch(1, series("train/loss", points)));

    List<MetricPoint> full = metrics.curve(key("train/loss"), 10_000, StepWindow.ALL, false);
    List<MetricPoint> downsampled = metrics.curve(key("train/loss"), 100, StepWindow.ALL, false);

    assertThat(full).hasSize(3_000).contains(new MetricPoint(1_500, Double.POSITIVE_INFINITY),
        new MetricPoint(1_600, Double.NEGATIVE_INFINITY), new MetricPoint(2_999, Double.NaN));
    assertThat(downsampled).hasSizeLessThanOrEqualTo(100).contains(new MetricPoint(1_600, Double.NEGATIVE_INFINITY),
        new MetricPoint(2_999, Double.NaN));
    assertThat(downsampled).filteredOn(point -> point.value() == Double.POSITIVE_INFINITY).isNotEmpty();
    assertThat(summary("train/loss")).isEqualTo(new MetricKeysResponse.MetricKeySummary("train/loss", Double.NaN,
        2_999, Double.NEGATIVE_INFINITY, Double.NaN, 3_000));
  }

  /** Full, downsampled and rollup reads alike: every kept point carries the wall time its winning attempt stored. */
  @Test
  void aTimedCurveCarriesEachKeptPointsOwnWallTime() {
    metrics.ingest(run, batch(1, timedSeries(0, 3_000, step -> WALL + 7L * step)));
    metrics.ingest(run, batch(2, timedSeries(2_000, 3_000, step -> WALL + 100_000_000L + step)));
    java.util.function.LongUnaryOperator expected =
        step -> step < 2_000 ? WALL + 7L * step : WALL + 100_000_000L + step;

    for (int maxPoints : new int[] {10_000, 100, 4}) {
      List<MetricPoint> curve = metrics.curve(key("train/loss"), maxPoints, StepWindow.ALL, true);
      assertThat(curve).hasSizeLessThanOrEqualTo(maxPoints).extracting(MetricPoint::step).isSorted().contains(2_999L);
      assertThat(curve).allSatisfy(point ->
          assertThat(point.wallTime()).as("step %d of %d points", point.step(), maxPoints)
              .isEqualTo(expected.applyAsLong(point.step())));
    }
    assertThat(metrics.curve(key("train/loss"), 100, StepWindow.ALL, false)).allSatisfy(point ->
        assertThat(point.wallTime()).isNull());
  }

  private static MetricBatch.Series timedSeries(int fromStep, int toStep, java.util.function.IntToLongFunction wall) {
    MetricBatch.Points stored = new MetricBatch.Points();
    IntStream.range(fromStep, toStep).forEach(step -> stored.add(step, Math.sin(step / 50.0), wall.applyAsLong(step)));
    return new MetricBatch.Series("train/loss", stored);
  }

  @Test
  void anUnknownRunStoresNothing() {
    assertThat(metrics.ingest(UUID.randomUUID(), batch(1, series("a", points(0, 3, step -> 1))))).isEmpty();
    assertThat(metrics.runExists(UUID.randomUUID())).isFalse();
    assertThat(metrics.runExists(run)).isTrue();
  }

  private long pointRows() {
    return jdbc.sql("SELECT count(*) FROM metric_point p JOIN metric_key k ON k.id = p.key_id WHERE k.run_id = :run")
        .param("run", run).query(Long.class).single();
  }

  /** Rows of metric_rollup as [bucket, first step, value, last step, value, min step, value, max step, value]. */
  private List<List<Double>> rollup(String key) {
    return jdbc.sql(
            """
            SELECT bucket, first_step, first_value, last_step, last_value, min_step, min_value, max_step, max_value
            FROM metric_rollup WHERE key_id = :key ORDER BY bucket
            """)
        .param("key", key(key).id())
        .query((rs, row) -> IntStream.rangeClosed(1, 9).mapToObj(column -> {
          try {
            return rs.getDouble(column);
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        }).toList())
        .list();
  }

  private long progress() {
    return jdbc.sql("SELECT progress_step FROM run WHERE id = :run").param("run", run).query(Long.class).single();
  }

  private MetricKeysResponse.MetricKeySummary summary(String key) {
    return metrics.summaries(List.of(run)).get(run).stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
  }

  private MetricRepository.StoredKey key(String name) {
    return metrics.keys(run).stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
  }

  static MetricBatch batch(int attempt, MetricBatch.Series... series) {
    return new MetricBatch(attempt, Arrays.asList(series));
  }

  static MetricBatch.Series series(String key, double[][] points) {
    MetricBatch.Points stored = new MetricBatch.Points();
    for (double[] point : points) {
      stored.add((long) point[0], point[1], WALL);
    }
    return new MetricBatch.Series(key, stored);
  }

  static double[][] points(int fromStep, int toStep, java.util.function.IntToDoubleFunction value) {
    return IntStream.range(fromStep, toStep).mapToObj(step -> new double[] {step, value.applyAsDouble(step)})
        .toArray(double[][]::new);
  }

  private static List<Long> range(long from, long to) {
    List<Long> steps = new ArrayList<>();
    for (long step = from; step < to; step++) {
      steps.add(step);
    }
    return steps;
  }
}
