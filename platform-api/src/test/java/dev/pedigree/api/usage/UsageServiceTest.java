package dev.pedigree.api.usage;

import static dev.pedigree.api.usage.UsageFixture.DAY_1;
import static dev.pedigree.api.usage.UsageFixture.DAY_2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.migrations.testing.PostgresTest;
import dev.pedigree.workflows.common.MetricKeys;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Device seconds, lost seconds and costs summed in Postgres over attempts with known timestamps (UsageFixture). */
@PostgresTest
class UsageServiceTest {
  private static final String CUDA_PER_HOUR = "2.49";
  private static UsageFixture runs;
  private static UsageService usage;
  private static JdbcClient jdbc;

  @BeforeAll
  static void insertRuns(DataSource dataSource) {
    jdbc = JdbcClient.create(dataSource);
    runs = new UsageFixture(jdbc);
    // Price keys are device classes whatever their case in the environment (PEDIGREE_USAGE_PRICES_CUDA).
    usage = service(Map.of("CUDA", new BigDecimal(CUDA_PER_HOUR)));
  }

  @Test
  void aRunSpendsItsAttemptsSecondsAndLosesWhatTheNextAttemptRedid() {
    Map<UUID, Usage> byRun = usage.ofRuns(List.of(runs.resumed, runs.restarted, runs.single, runs.legacy,
        runs.queued, runs.tracked));

    assertThat(byRun.get(runs.resumed)).isEqualTo(new Usage(3600, 375, "cuda", 2.49, "USD"));
    assertThat(byRun.get(runs.restarted)).as("the CPU has no price: no cost, not a cost of 0")
        .isEqualTo(new Usage(1800, 720, "cpu", null, "USD"));
    assertThat(byRun.get(runs.single)).isEqualTo(new Usage(1800, 0, "cuda", 1.245, "USD"));
    assertThat(byRun.get(runs.legacy)).as("counted until the platform closed it").isEqualTo(
        new Usage(360, 0, "cuda", 0.249, "USD"));
    assertThat(byRun).doesNotContainKeys(runs.queued, runs.tracked);
  }

  @Test
  void withoutPricesNothingHasACost() {
    UsageService unpriced = service(Map.of());

    assertThat(unpriced.ofRuns(List.of(runs.resumed)).get(runs.resumed).cost()).isNull();
    assertThat(unpriced.report(query(null, null, UsageGroupBy.DEVICE)).total().cost()).isNull();
  }

  @Test
  void aPipelineSpendsWhatItsRunsSpent() {
    assertThat(usage.ofPipeline(runs.pipeline)).hasValue(new Usage(2160, 0, "cuda", 1.494, "USD"));
    assertThat(usage.ofPipeline(UUID.randomUUID())).isEmpty();
  }

  @Test
  void theReportGroupsByProject() {
    UsageReport report = usage.report(query(null, null, UsageGroupBy.PROJECT));

    assertThat(report.currency()).isEqualTo("USD");
    assertThat(report.groups()).containsExactly(
        new UsageGroup("nlp", 2, 2, 2160, 0, 1.494),
        new UsageGroup("vision", 2, 4, 5400, 1095, null));
    assertThat(report.total()).isEqualTo(new UsageGroup(null, 4, 6, 7560, 1095, null));
  }

  @Test
  void theReportGroupsByKindDeviceAndPipeline() {
    assertThat(usage.report(query(null, null, UsageGroupBy.KIND)).groups()).containsExactly(
        new UsageGroup("distill", 1, 1, 360, 0, 0.249),
        new UsageGroup("pretrain", 2, 3, 5400, 375, 3.735),
        new UsageGroup("rl", 1, 2, 1800, 720, null));
    assertThat(usage.report(query(null, null, UsageGroupBy.DEVICE)).groups()).containsExactly(
        new UsageGroup("cpu", 1, 2, 1800, 720, null),
        new UsageGroup("cuda", 3, 4, 5760, 375, 3.984));
    assertThat(usage.report(query(null, null, UsageGroupBy.PIPELINE)).groups()).containsExactly(
        new UsageGroup(runs.pipeline.toString(), 2, 2, 2160, 0, 1.494),
        new UsageGroup(null, 2, 4, 5400, 1095, null));
  }

  @Test
  void theReportGroupsByTheDayAttemptsStarted() {
    assertThat(usage.report(query(null, null, UsageGroupBy.DAY)).groups()).containsExactly(
        new UsageGroup("2026-11-01", 2, 3, 3960, 375, 2.739),
        new UsageGroup("2026-11-02", 1, 2, 1800, 720, null),
        new UsageGroup("2026-11-03", 1, 1, 1800, 0, 1.245));
  }

  /** A resumed attempt's lost time stays its own when a filter leaves out the attempt that redid its steps. */
  @Test
  void filtersNarrowTheAttemptsSummed() {
    UsageQuery firstDayPretraining =
        new UsageQuery("vision", "pretrain", DAY_1, DAY_1.plusSeconds(1050), UsageGroupBy.PROJECT);
    UsageQuery secondDay = new UsageQuery(null, null, DAY_2, DAY_2.plusSeconds(86_400), UsageGroupBy.KIND);

    assertThat(usage.report(firstDayPretraining).total()).isEqualTo(new UsageGroup(null, 1, 1, 1000, 375, 0.691667));
    assertThat(usage.report(secondDay).groups()).containsExactly(new UsageGroup("rl", 1, 2, 1800, 720, null));
  }

  @Test
  void nothingMatchedCostsNothing() {
    UsageReport report = usage.report(query("no-such-project", null, UsageGroupBy.DAY));

    assertThat(report.groups()).isEmpty();
    assertThat(report.total()).isEqualTo(new UsageGroup(null, 0, 0, 0, 0, 0.0));
  }

  /** The earlier attempts' seconds, or the highest device seconds a worker logged should that be more. */
  @Test
  void anAttemptGoesOnFromWhatTheEarlierAttemptsSpent() {
    assertThat(usage.priorDeviceSeconds(runs.resumed, 1)).isZero();
    assertThat(usage.priorDeviceSeconds(runs.resumed, 2)).isEqualTo(1000);
    assertThat(usage.priorDeviceSeconds(runs.resumed, 3)).isEqualTo(3600);

    long key = jdbc.sql("INSERT INTO metric_key (run_id, name) VALUES (:run, :name) RETURNING id")
        .param("run", runs.restarted).param("name", MetricKeys.DEVICE_SECONDS).query(Long.class).single();
    jdbc.sql("INSERT INTO metric_summary VALUES (:key, 10, 720.25, 0.5, 720.25, 10)").param("key", key).update();

    assertThat(usage.priorDeviceSeconds(runs.restarted, 2)).isEqualTo(720.25);
  }

  private static UsageQuery query(String project, String kind, UsageGroupBy groupBy) {
    return new UsageQuery(project, kind, null, null, groupBy);
  }

  private static UsageService service(Map<String, BigDecimal> prices) {
    return new UsageService(new UsageRepository(jdbc), new UsageProperties("USD", prices), JsonMapper.builder().build());
  }
}
