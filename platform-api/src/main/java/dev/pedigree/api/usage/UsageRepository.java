package dev.pedigree.api.usage;

import dev.pedigree.workflows.common.MetricKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sums of the {@code attempt_usage} view (V010) in Postgres. Prices arrive as one JSON object, device class to price
 * per hour; an attempt on a device without one makes its group's cost null.
 */
@Repository
class UsageRepository {
  private static final String PRICED =
      """
      LEFT JOIN (SELECT key AS device_class, CAST(value AS numeric) AS per_hour
                 FROM jsonb_each_text(CAST(:prices AS jsonb))) AS price ON price.device_class = u.device_class
      """;
  private static final String SUMS =
      """
      count(DISTINCT u.run_id) AS runs, count(u.attempt) AS attempts,
      round(coalesce(sum(u.device_seconds), 0), 3) AS device_seconds,
      round(coalesce(sum(u.lost_seconds), 0), 3) AS lost_seconds,
      CASE WHEN count(u.attempt) = 0 THEN 0
           WHEN bool_and(price.per_hour IS NOT NULL) THEN round(sum(u.device_seconds * price.per_hour) / 3600, 6)
      END AS cost,
      string_agg(DISTINCT u.device_class, ', ' ORDER BY u.device_class) AS device
      """;
  private static final String OF_RUNS =
      "SELECT u.run_id, " + SUMS + " FROM attempt_usage u " + PRICED + " WHERE u.run_id IN (:runs) GROUP BY u.run_id";
  private static final String OF_PIPELINE =
      "SELECT " + SUMS + " FROM attempt_usage u JOIN run r ON r.id = u.run_id " + PRICED
          + " WHERE r.pipeline_id = :pipeline";
  /* %s is the group's key expression (UsageGroupBy); the empty grouping set adds the total, also when no row matches. */
  private static final String REPORT_TEMPLATE =
      """
      SELECT %1$s AS key, GROUPING(%1$s) AS total, %2$s
      FROM attempt_usage u JOIN run r ON r.id = u.run_id JOIN project p ON p.id = r.project_id
      %3$s
      WHERE (CAST(:project AS text) IS NULL OR p.name = :project)
        AND (CAST(:kind AS text) IS NULL OR r.kind = :kind)
        AND (CAST(:from AS timestamptz) IS NULL OR u.started_at >= :from)
        AND (CAST(:to AS timestamptz) IS NULL OR u.started_at < :to)
      GROUP BY GROUPING SETS ((%1$s), ())
      ORDER BY total, key NULLS LAST
      """;
  /*
   * What the run spent before an attempt: its earlier attempts, or, should that be less, the highest device seconds
   * its worker logged (two clocks measured them).
   */
  private static final String PRIOR_DEVICE_SECONDS =
      """
      SELECT greatest(
          (SELECT coalesce(sum(CAST(device_seconds AS double precision)), 0) FROM attempt_usage
           WHERE run_id = :run AND attempt < :attempt),
          (SELECT coalesce(max(s.max_value), 0) FROM metric_key k JOIN metric_summary s ON s.key_id = k.id
           WHERE k.run_id = :run AND k.name = :key AND s.max_value < 'Infinity'))
      """;

  private final JdbcClient jdbc;

  UsageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Each run's usage over its attempts; runs without attempts are left out. */
  Map<UUID, Usage> ofRuns(Collection<UUID> runIds, String pricesJson, String currency) {
    Map<UUID, Usage> byRun = new HashMap<>();
    if (runIds.isEmpty()) {
      return byRun;
    }
    jdbc.sql(OF_RUNS).param("runs", runIds).param("prices", pricesJson).query(rs -> {
      byRun.put(rs.getObject("run_id", UUID.class), usage(rs, currency));
    });
    return byRun;
  }

  /** The usage of every run of the pipeline together; empty before any of them started an attempt. */
  Optional<Usage> ofPipeline(UUID pipelineId, String pricesJson, String currency) {
    return jdbc.sql(OF_PIPELINE).param("pipeline", pipelineId).param("prices", pricesJson)
        .query((rs, row) -> rs.getLong("attempts") == 0 ? null : usage(rs, currency))
        .optional();
  }

  UsageReport report(UsageQuery query, String pricesJson, String currency) {
    List<Row> rows = jdbc.sql(REPORT_TEMPLATE.formatted(query.groupBy().keyExpression, SUMS, PRICED))
        .param("project", query.project())
        .param("kind", query.kind())
        .param("from", query.from() == null ? null : Timestamp.from(query.from()))
        .param("to", query.to() == null ? null : Timestamp.from(query.to()))
        .param("prices", pricesJson)
        .query((rs, row) -> new Row(rs.getBoolean("total"), new UsageGroup(rs.getString("key"), rs.getLong("runs"),
            rs.getLong("attempts"), rs.getDouble("device_seconds"), rs.getDouble("lost_seconds"), cost(rs))))
        .list();
    List<UsageGroup> groups = rows.stream().filter(row -> !row.total()).map(Row::group).toList();
    UsageGroup total = rows.stream().filter(Row::total).map(Row::group).findFirst().orElseThrow();
    return new UsageReport(currency, groups, total);
  }

  double priorDeviceSeconds(UUID runId, int attempt) {
    return jdbc.sql(PRIOR_DEVICE_SECONDS)
        .param("run", runId)
        .param("attempt", attempt)
        .param("key", MetricKeys.DEVICE_SECONDS)
        .query(Double.class)
        .single();
  }

  private static Usage usage(ResultSet rs, String currency) throws SQLException {
    return new Usage(rs.getDouble("device_seconds"), rs.getDouble("lost_seconds"), rs.getString("device"), cost(rs),
        currency);
  }

  private static Double cost(ResultSet rs) throws SQLException {
    double cost = rs.getDouble("cost");
    return rs.wasNull() ? null : cost;
  }

  private record Row(boolean total, UsageGroup group) {}
}
