package dev.pedigree.api.bench;

import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Counts in {@code metric_point} what the workers were told was stored. */
final class StoredPoints {
  private static final String COUNT_PER_KEY =
      """
      SELECT k.run_id, k.name, count(p.step) AS points, count(DISTINCT p.step) AS steps, coalesce(s.count, 0) AS summary
      FROM metric_key k
      LEFT JOIN metric_point p ON p.key_id = k.id
      LEFT JOIN metric_summary s ON s.key_id = k.id
      WHERE k.run_id = ANY (?)
      GROUP BY k.run_id, k.name, s.count
      """;

  private StoredPoints() {}

  /** @param expectedSteps per run, the steps acknowledged for each of {@code keys} */
  static Verification verify(DataSource dataSource, Map<UUID, Long> expectedSteps, List<String> keys) {
    List<KeyCount> counts = new JdbcTemplate(dataSource).query(connection -> {
      PreparedStatement statement = connection.prepareStatement(COUNT_PER_KEY);
      statement.setArray(1, connection.createArrayOf("uuid", expectedSteps.keySet().toArray()));
      return statement;
    }, (rs, row) -> new KeyCount(rs.getObject("run_id", UUID.class), rs.getString("name"), rs.getLong("points"),
        rs.getLong("steps"), rs.getLong("summary")));
    Map<String, KeyCount> byKey = new HashMap<>();
    counts.forEach(count -> byKey.put(count.run() + "/" + count.key(), count));

    Verification total = new Verification(0, 0, 0, 0, 0, 0);
    for (Map.Entry<UUID, Long> run : expectedSteps.entrySet()) {
      for (String key : keys) {
        KeyCount count = byKey.getOrDefault(run.getKey() + "/" + key, new KeyCount(run.getKey(), key, 0, 0, 0));
        total = total.plus(count.against(run.getValue()));
      }
    }
    return total;
  }

  private record KeyCount(UUID run, String key, long points, long steps, long summary) {
    Verification against(long expected) {
      return new Verification(expected, points, Math.max(0, expected - steps), points - steps,
          Math.max(0, steps - expected), summary == steps ? 0 : 1);
    }
  }

  /**
   * @param expected points acknowledged to the workers
   * @param stored rows in metric_point
   * @param lost acknowledged points missing from the table
   * @param duplicated rows beyond one per (key, step)
   * @param unacknowledged stored steps no worker saw acknowledged (a batch whose answer was lost)
   * @param summaryMismatches keys whose summary count differs from their stored steps
   */
  record Verification(
      long expected, long stored, long lost, long duplicated, long unacknowledged, long summaryMismatches) {
    Verification plus(Verification other) {
      return new Verification(expected + other.expected, stored + other.stored, lost + other.lost,
          duplicated + other.duplicated, unacknowledged + other.unacknowledged,
          summaryMismatches + other.summaryMismatches);
    }
  }
}
