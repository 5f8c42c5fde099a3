package dev.pedigree.api.metric;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Metric points, keys, summaries and rollups. An ingest is one transaction: COPY into a session-local staging table,
 * then one statement moves the new points into {@code metric_point} and folds exactly those into
 * {@code metric_summary}, and one more brings the {@code metric_rollup} buckets of the staged steps up to date.
 */
@Repository
class MetricRepository {
  static final String PROGRESS_KEY = "train/loss";

  private static final String LOCK_RUN = "SELECT id FROM run WHERE id = :run FOR NO KEY UPDATE";
  private static final String INSERT_KEYS =
      """
      INSERT INTO metric_key (run_id, name)
      SELECT :run, name FROM unnest(CAST(:names AS text[])) AS n (name)
      ON CONFLICT (run_id, name) DO NOTHING
      """;
  private static final String SELECT_INGEST_KEYS =
      """
      SELECT k.id, k.name, s.last_step
      FROM metric_key k LEFT JOIN metric_summary s ON s.key_id = k.id
      WHERE k.run_id = :run AND k.name = ANY (CAST(:names AS text[]))
      """;
  private static final String CREATE_STAGING =
      """
      CREATE TEMP TABLE IF NOT EXISTS metric_staging (
          key_id    bigint           NOT NULL,
          step      bigint           NOT NULL,
          value     double precision NOT NULL,
          wall_time timestamptz      NOT NULL
      ) ON COMMIT DELETE ROWS
      """;
  private static final String COPY_STAGING =
      "COPY metric_staging (key_id, step, value, wall_time) FROM STDIN (FORMAT binary)";
  /*
   * %s is empty when no point of the batch can be stored already (see appendsOnly): a plain insert costs little more
   * than half of one with ON CONFLICT. Every sub-statement sees the tables as they were before the statement, so the
   * summary reads its old row and the NOT EXISTS probe sees only points from earlier requests. A step that another
   * attempt already has replaces a point of the curve rather than adding one; only steps at or below the old last step
   * can be such replacements, so the probe runs only there. max(ARRAY[step, value]) compares arrays element by element: its second element is the value at
   * the highest step (steps are below 2^53, exact as doubles).
   */
  private static final String MOVE_STAGED_TEMPLATE =
      """
      WITH inserted AS (
          INSERT INTO metric_point (key_id, attempt, step, value, wall_time)
          SELECT key_id, :attempt, step, value, wall_time FROM metric_staging
          %s
          RETURNING key_id, step, value
      ), added AS (
          SELECT i.key_id,
                 count(*) FILTER (WHERE CASE WHEN s.last_step IS NULL OR i.step > s.last_step THEN true
                                             ELSE NOT EXISTS (SELECT 1 FROM metric_point p
                                                              WHERE p.key_id = i.key_id AND p.step = i.step) END)
                     AS new_steps,
                 max(i.step) AS last_step,
                 (max(ARRAY[i.step, i.value]))[2] AS last_value,
                 min(i.value) AS min_value,
                 max(i.value) AS max_value
          FROM inserted i LEFT JOIN metric_summary s ON s.key_id = i.key_id
          GROUP BY i.key_id
      ), summarized AS (
          INSERT INTO metric_summary AS s (key_id, last_step, last_value, min_value, max_value, count)
          SELECT key_id, last_step, last_value, min_value, max_value, new_steps FROM added ORDER BY key_id
          ON CONFLICT (key_id) DO UPDATE SET
              last_step = GREATEST(s.last_step, excluded.last_step),
              last_value = CASE
                  WHEN excluded.last_step > s.last_step THEN excluded.last_value
                  WHEN excluded.last_step < s.last_step THEN s.last_value
                  WHEN :attempt > (SELECT max(p.attempt) FROM metric_point p
                                   WHERE p.key_id = s.key_id AND p.step = s.last_step) THEN excluded.last_value
                  ELSE s.last_value
              END,
              min_value = LEAST(s.min_value, excluded.min_value),
              max_value = GREATEST(s.max_value, excluded.max_value),
              count = s.count + excluded.count
      )
      SELECT count(*) FROM inserted
      """;
  private static final String APPEND_STAGED = MOVE_STAGED_TEMPLATE.formatted("");
  private static final String MERGE_STAGED =
      MOVE_STAGED_TEMPLATE.formatted("ON CONFLICT (key_id, step, attempt) DO NOTHING");
  /** V004's bucket width, in steps. */
  static final int ROLLUP_STEPS = 256;
  private static final String ROLLUP_COLUMNS =
      "key_id, bucket, first_step, first_value, last_step, last_value, min_step, min_value, max_step, max_value";
  /* Rollup rows of the points in %s (key_id, step, value), one point per step, grouped by bucket. */
  private static final String ROLLUP_ROWS_TEMPLATE =
      """
      SELECT key_id, bucket, first_point[1], first_point[2], last_point[1], last_point[2],
             min_point[2], min_point[1], max_point[2], max_point[1]
      FROM (SELECT key_id, step / %1$d AS bucket,
                   min(ARRAY[step, value]) AS first_point, max(ARRAY[step, value]) AS last_point,
                   min(ARRAY[value, step]) AS min_point, max(ARRAY[value, step]) AS max_point
            FROM %2$s
            GROUP BY key_id, step / %1$d) AS buckets
      """;
  /* Appended steps lie beyond every stored one: they extend a bucket's end and may move its extremes. */
  private static final String ROLLUP_APPENDED =
      "INSERT INTO metric_rollup AS r (" + ROLLUP_COLUMNS + ")\n"
          + ROLLUP_ROWS_TEMPLATE.formatted(ROLLUP_STEPS, "metric_staging")
          + """
          ON CONFLICT (key_id, bucket) DO UPDATE SET
              last_step = excluded.last_step,
              last_value = excluded.last_value,
              min_step = CASE WHEN excluded.min_value < r.min_value THEN excluded.min_step ELSE r.min_step END,
              min_value = LEAST(r.min_value, excluded.min_value),
              max_step = CASE WHEN excluded.max_value >= r.max_value THEN excluded.max_step ELSE r.max_step END,
              max_value = GREATEST(r.max_value, excluded.max_value)
          """;
  /* Staged steps may replace stored ones (a resumed attempt): their buckets are computed again from the curve. */
  private static final String ROLLUP_RECOMPUTED =
      "INSERT INTO metric_rollup AS r (" + ROLLUP_COLUMNS + ")\n"
          + ROLLUP_ROWS_TEMPLATE.formatted(ROLLUP_STEPS,
              """
              (SELECT DISTINCT ON (p.key_id, p.step) p.key_id, p.step, p.value
               FROM (SELECT DISTINCT key_id, step / %1$d AS bucket FROM metric_staging) AS touched
               JOIN metric_point p ON p.key_id = touched.key_id
                                  AND p.step >= touched.bucket * %1$d AND p.step < (touched.bucket + 1) * %1$d
               ORDER BY p.key_id, p.step, p.attempt DESC) AS curve""".formatted(ROLLUP_STEPS))
          + """
          ON CONFLICT (key_id, bucket) DO UPDATE SET
              first_step = excluded.first_step, first_value = excluded.first_value,
              last_step = excluded.last_step, last_value = excluded.last_value,
              min_step = excluded.min_step, min_value = excluded.min_value,
              max_step = excluded.max_step, max_value = excluded.max_value
          """;
  private static final String ADVANCE_PROGRESS =
      "UPDATE run SET progress_step = GREATEST(progress_step, :step) WHERE id = :run";

  /* The attempt is still on its device, and got this far (attempt_usage, V010); an ended attempt's time is history. */
  private static final String ATTEMPT_SEEN =
      """
      UPDATE run_attempt SET last_seen_at = GREATEST(last_seen_at, now()),
                             last_step = GREATEST(coalesce(last_step, from_step), :step)
      WHERE run_id = :run AND attempt = :attempt AND ended_at IS NULL
      """;

  private static final String RUN_EXISTS = "SELECT EXISTS (SELECT 1 FROM run WHERE id = :run)";
  private static final String LATEST_ATTEMPT =
      "SELECT coalesce((SELECT max(attempt) FROM run_attempt WHERE run_id = r.id), 1) FROM run r WHERE r.id = :run";
  private static final String SELECT_KEYS =
      """
      SELECT k.id, k.name, coalesce(s.count, 0) AS count
      FROM metric_key k LEFT JOIN metric_summary s ON s.key_id = k.id
      WHERE k.run_id = :run
      ORDER BY k.name
      """;
  private static final String SELECT_KEY_OF_RUNS =
      """
      SELECT k.id, k.run_id, k.name, coalesce(s.count, 0) AS count
      FROM metric_key k LEFT JOIN metric_summary s ON s.key_id = k.id
      WHERE k.run_id IN (:runs) AND k.name = :name
      """;
  private static final String SELECT_SUMMARIES =
      """
      SELECT k.run_id, k.name, s.last_value, s.last_step, s.min_value, s.max_value, s.count
      FROM metric_key k JOIN metric_summary s ON s.key_id = k.id
      WHERE k.run_id IN (:runs)
      ORDER BY k.name
      """;
  /** One point per step, the highest attempt's: the backward index scan delivers it without a sort. */
  private static final String SELECT_CURVE_TEMPLATE =
      """
      SELECT DISTINCT ON (step) step, value%s
      FROM metric_point
      WHERE key_id = :key AND step BETWEEN :from AND :to
      ORDER BY step DESC, attempt DESC
      """;
  private static final String SELECT_CURVE = SELECT_CURVE_TEMPLATE.formatted("");
  private static final String SELECT_TIMED_CURVE = SELECT_CURVE_TEMPLATE.formatted(", wall_time");
  /** The latest point of each key: the one at its summary's last step, from the highest attempt. */
  private static final String SELECT_LATEST =
      """
      SELECT DISTINCT ON (k.run_id, k.name) k.run_id, k.name, p.step, p.value, p.wall_time
      FROM metric_key k JOIN metric_summary s ON s.key_id = k.id
      JOIN metric_point p ON p.key_id = k.id AND p.step = s.last_step
      WHERE k.run_id IN (:runs)
      ORDER BY k.run_id, k.name, p.attempt DESC
      """;
  private static final String SELECT_HISTORY =
      """
      SELECT DISTINCT ON (p.step) p.step, p.value, p.wall_time
      FROM metric_key k JOIN metric_point p ON p.key_id = k.id
      WHERE k.run_id = :run AND k.name = :name
      ORDER BY p.step, p.attempt DESC
      LIMIT :limit OFFSET :offset
      """;
  private static final String SELECT_STORED_AT =
      """
      SELECT k.name, p.step, p.value
      FROM unnest(CAST(:names AS text[]), CAST(:steps AS bigint[])) AS q (name, step)
      JOIN metric_key k ON k.run_id = :run AND k.name = q.name
      JOIN metric_point p ON p.key_id = k.id AND p.step = q.step AND p.attempt = :attempt
      """;
  private static final String SELECT_STEP_RANGE =
      """
      SELECT min(step) AS first_step, max(step) AS last_step
      FROM metric_point
      WHERE key_id = :key AND step BETWEEN :from AND :to
      """;
  /*
   * Min/max-preserving downsampling (M4): equal-width step buckets, each keeping its first, minimum, maximum and last
   * point. Arrays compare element by element, so min(ARRAY[step, value]) is the first point and min(ARRAY[value,
   * step]) the minimum (at its earliest step).
   */
  private static final String M4_POINTS =
      """
      SELECT DISTINCT ON (p.step) p.step::bigint AS step, p.value
      FROM bucket
      CROSS JOIN LATERAL (VALUES (first_point[1], first_point[2]), (min_point[2], min_point[1]),
                                 (max_point[2], max_point[1]), (last_point[1], last_point[2])) AS p (step, value)
      WHERE p.step BETWEEN :from AND :to
      ORDER BY p.step
      """;
  private static final String DOWNSAMPLED_BUCKETS =
      """
      WITH curve AS (
          SELECT DISTINCT ON (step) step, value
          FROM metric_point
          WHERE key_id = :key AND step BETWEEN :from AND :to
          ORDER BY step DESC, attempt DESC
      ), bucket AS (
          SELECT min(ARRAY[step, value]) AS first_point, max(ARRAY[step, value]) AS last_point,
                 min(ARRAY[value, step]) AS min_point, max(ARRAY[value, step]) AS max_point
          FROM curve
          GROUP BY width_bucket(step, :firstStep, :endStep, :buckets)
      )
      """;
  /*
   * The same from the rollup: a rollup bucket goes whole to the output bucket of its first step. A window's edge
   * buckets may reach past it; their points outside are dropped.
   */
  private static final String ROLLUP_BUCKETS =
      """
      WITH bucket AS (
          SELECT min(ARRAY[first_step, first_value]) AS first_point, max(ARRAY[last_step, last_value]) AS last_point,
                 min(ARRAY[min_value, min_step]) AS min_point, max(ARRAY[max_value, max_step]) AS max_point
          FROM metric_rollup
          WHERE key_id = :key AND bucket BETWEEN :from / %1$d AND :to / %1$d
          GROUP BY width_bucket(first_step, :firstStep, :endStep, :buckets)
      )
      """.formatted(ROLLUP_STEPS);
  /* The kept points with each one's own wall time, the highest attempt's like its value; the rollup has no times. */
  private static final String WITH_WALL_TIMES =
      """
      , kept AS (%s)
      SELECT kept.step, kept.value, point.wall_time
      FROM kept CROSS JOIN LATERAL (
          SELECT wall_time FROM metric_point
          WHERE key_id = :key AND step = kept.step
          ORDER BY attempt DESC LIMIT 1) AS point
      ORDER BY kept.step
      """.formatted(M4_POINTS);
  private static final String SELECT_DOWNSAMPLED = DOWNSAMPLED_BUCKETS + M4_POINTS;
  private static final String SELECT_TIMED_DOWNSAMPLED = DOWNSAMPLED_BUCKETS + WITH_WALL_TIMES;
  private static final String SELECT_DOWNSAMPLED_FROM_ROLLUP = ROLLUP_BUCKETS + M4_POINTS;
  private static final String SELECT_TIMED_DOWNSAMPLED_FROM_ROLLUP = ROLLUP_BUCKETS + WITH_WALL_TIMES;

  private static final byte[] COPY_HEADER = copyHeader();
  private static final int COPY_ROW_BYTES = 2 + 4 * (4 + 8);
  /** Binary timestamps count microseconds from 2000-01-01, this many milliseconds after the Unix epoch. */
  private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

  private final JdbcTemplate jdbcTemplate;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  MetricRepository(DataSource dataSource) {
    this.jdbcTemplate = new JdbcTemplate(dataSource);
    this.jdbc = JdbcClient.create(jdbcTemplate);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /** Stores the batch; empty when the run does not exist. */
  Optional<IngestResult> ingest(UUID runId, MetricBatch batch) {
    return transactions.execute(status -> {
      // Ingests of one run take turns: summaries and duplicate counts stay exact, and two batches cannot deadlock.
      if (jdbc.sql(LOCK_RUN).param("run", runId).query(UUID.class).optional().isEmpty()) {
        return Optional.empty();
      }
      int points = batch.points();
      if (points == 0) {
        return Optional.of(new IngestResult(0, 0));
      }
      Map<String, IngestKey> keys = ingestKeys(runId, batch.keys());
      jdbc.sql(CREATE_STAGING).update();
      jdbcTemplate.execute((ConnectionCallback<Long>) connection -> copy(connection, batch, keys));
      boolean appendsOnly = appendsOnly(batch, keys);
      long accepted = jdbc.sql(appendsOnly ? APPEND_STAGED : MERGE_STAGED)
          .param("attempt", batch.attempt())
          .query(Long.class)
          .single();
      jdbc.sql(appendsOnly ? ROLLUP_APPENDED : ROLLUP_RECOMPUTED).update();
      batch.maxStep(PROGRESS_KEY).ifPresent(step ->
          jdbc.sql(ADVANCE_PROGRESS).param("step", step).param("run", runId).update());
      batch.maxStep().ifPresent(step -> jdbc.sql(ATTEMPT_SEEN)
          .param("step", step).param("run", runId).param("attempt", batch.attempt()).update());
      return Optional.of(new IngestResult(accepted, points - accepted));
    });
  }

  /** The run's latest reported attempt, 1 while none is reported; empty for an unknown run. */
  Optional<Integer> latestAttempt(UUID runId) {
    return jdbc.sql(LATEST_ATTEMPT).param("run", runId).query(Integer.class).optional();
  }

  boolean runExists(UUID runId) {
    return jdbc.sql(RUN_EXISTS).param("run", runId).query(Boolean.class).single();
  }

  /** Keys of the run in name order, each with the number of steps on its curve. */
  List<StoredKey> keys(UUID runId) {
    return jdbc.sql(SELECT_KEYS)
        .param("run", runId)
        .query((rs, row) -> new StoredKey(rs.getLong("id"), rs.getString("name"), rs.getLong("count")))
        .list();
  }

  /** The key named {@code name} of each of the runs that has one. */
  Map<UUID, StoredKey> keyOfRuns(Collection<UUID> runIds, String name) {
    Map<UUID, StoredKey> byRun = new HashMap<>();
    if (runIds.isEmpty()) {
      return byRun;
    }
    jdbc.sql(SELECT_KEY_OF_RUNS)
        .param("runs", runIds)
        .param("name", name)
        .query(rs -> {
          byRun.put(rs.getObject("run_id", UUID.class),
              new StoredKey(rs.getLong("id"), rs.getString("name"), rs.getLong("count")));
        });
    return byRun;
  }

  /**
   * Each run's value of the key at {@code step}, or at the latest step before it: one indexed read per run (the point
   * index is on key, step and attempt). Runs without a point by then are left out.
   */
  Map<UUID, Double> valuesAt(Collection<UUID> runIds, String name, long step) {
    Map<UUID, Double> byRun = new HashMap<>();
    if (runIds.isEmpty()) {
      return byRun;
    }
    jdbc.sql(
            """
            SELECT k.run_id,
                   (SELECT p.value FROM metric_point p WHERE p.key_id = k.id AND p.step <= :step
                    ORDER BY p.step DESC, p.attempt DESC LIMIT 1) AS value
            FROM metric_key k WHERE k.run_id IN (:runs) AND k.name = :name
            """)
        .param("runs", runIds)
        .param("name", name)
        .param("step", step)
        .query(rs -> {
          double value = rs.getDouble("value");
          if (!rs.wasNull()) {
            byRun.put(rs.getObject("run_id", UUID.class), value);
          }
        });
    return byRun;
  }

  /**
   * Each run's first value of the key at {@code step} or after it (from the highest attempt), in the order the runs
   * wrote those points (wall time, then run id): one indexed read per run. Runs without a point there yet are left out.
   */
  LinkedHashMap<UUID, Double> valuesReaching(Collection<UUID> runIds, String name, long step) {
    LinkedHashMap<UUID, Double> byRun = new LinkedHashMap<>();
    if (runIds.isEmpty()) {
      return byRun;
    }
    jdbc.sql(
            """
            SELECT k.run_id, p.value
            FROM metric_key k
            CROSS JOIN LATERAL (SELECT value, wall_time FROM metric_point WHERE key_id = k.id AND step >= :step
                                ORDER BY step, attempt DESC LIMIT 1) p
            WHERE k.run_id IN (:runs) AND k.name = :name
            ORDER BY p.wall_time, k.run_id
            """)
        .param("runs", runIds)
        .param("name", name)
        .param("step", step)
        .query(rs -> {
          byRun.put(rs.getObject("run_id", UUID.class), rs.getDouble("value"));
        });
    return byRun;
  }

  /** Per-key summaries of the given runs, keys in name order; reads the summary table, never points. */
  Map<UUID, List<MetricKeysResponse.MetricKeySummary>> summaries(Collection<UUID> runIds) {
    Map<UUID, List<MetricKeysResponse.MetricKeySummary>> byRun = new HashMap<>();
    if (runIds.isEmpty()) {
      return byRun;
    }
    jdbc.sql(SELECT_SUMMARIES)
        .param("runs", runIds)
        .query(rs -> {
          byRun.computeIfAbsent(rs.getObject("run_id", UUID.class), run -> new ArrayList<>())
              .add(new MetricKeysResponse.MetricKeySummary(rs.getString("name"), rs.getDouble("last_value"),
                  rs.getLong("last_step"), rs.getDouble("min_value"), rs.getDouble("max_value"), rs.getLong("count")));
        });
    return byRun;
  }

  /**
   * The key's curve inside the window: one point per step, from the highest attempt; at most {@code maxPoints}, in
   * step order; with {@code wallTimes} each point carries its wall time.
   */
  List<MetricPoint> curve(StoredKey key, int maxPoints, StepWindow window, boolean wallTimes) {
    RowMapper<MetricPoint> point = wallTimes ? MetricRepository::timedPoint : MetricRepository::point;
    StepRange range = jdbc.sql(SELECT_STEP_RANGE)
        .param("key", key.id())
        .param("from", window.from())
        .param("to", window.to())
        .query((rs, row) -> new StepRange(rs.getObject("first_step", Long.class), rs.getObject("last_step", Long.class)))
        .single();
    if (range.first() == null) {
      return List.of();
    }
    StepWindow stored = new StepWindow(range.first(), range.last());
    if (key.steps() <= maxPoints || stored.to() - stored.from() < maxPoints) {
      List<MetricPoint> points = jdbc.sql(wallTimes ? SELECT_TIMED_CURVE : SELECT_CURVE)
          .param("key", key.id())
          .param("from", stored.from())
          .param("to", stored.to())
          .query(point)
          .list();
      List<MetricPoint> ascending = new ArrayList<>(points);
      Collections.reverse(ascending);
      return ascending;
    }
    int buckets = Math.max(1, maxPoints / 4);
    // Rollup buckets are whole parts of the output buckets only when these are at least as wide.
    boolean fromRollup = (stored.to() + 1 - stored.from()) / buckets >= ROLLUP_STEPS;
    String downsampled = fromRollup
        ? (wallTimes ? SELECT_TIMED_DOWNSAMPLED_FROM_ROLLUP : SELECT_DOWNSAMPLED_FROM_ROLLUP)
        : (wallTimes ? SELECT_TIMED_DOWNSAMPLED : SELECT_DOWNSAMPLED);
    return jdbc.sql(downsampled)
        .param("key", key.id())
        .param("from", stored.from())
        .param("to", stored.to())
        .param("firstStep", (double) stored.from())
        .param("endStep", (double) stored.to() + 1)
        .param("buckets", buckets)
        .query(point)
        .list();
  }

  /** The latest point of every key of the given runs, keys in name order. */
  Map<UUID, List<LoggedPoint>> latest(Collection<UUID> runIds) {
    Map<UUID, List<LoggedPoint>> byRun = new HashMap<>();
    if (runIds.isEmpty()) {
      return byRun;
    }
    jdbc.sql(SELECT_LATEST)
        .param("runs", runIds)
        .query(rs -> {
          byRun.computeIfAbsent(rs.getObject("run_id", UUID.class), run -> new ArrayList<>())
              .add(loggedPoint(rs, rs.getString("name")));
        });
    return byRun;
  }

  /** Every step of the key in step order, from the highest attempt, {@code limit} points from {@code offset}. */
  List<LoggedPoint> history(UUID runId, String key, int limit, long offset) {
    return jdbc.sql(SELECT_HISTORY)
        .param("run", runId)
        .param("name", key)
        .param("limit", limit)
        .param("offset", offset)
        .query((rs, row) -> loggedPoint(rs, key))
        .list();
  }

  /** The values stored for {@code attempt} at the (key, step) pairs of {@code points}, by key and step. */
  Map<String, Map<Long, Double>> storedAt(UUID runId, int attempt, List<LoggedPoint> points) {
    Map<String, Map<Long, Double>> stored = new HashMap<>();
    // One connection for the arrays and the query that binds them.
    transactions.executeWithoutResult(status -> jdbcTemplate.execute((ConnectionCallback<Void>) connection -> {
      jdbc.sql(SELECT_STORED_AT)
          .param("run", runId)
          .param("attempt", attempt)
          .param("names", connection.createArrayOf("text", points.stream().map(LoggedPoint::key).toArray()))
          .param("steps", connection.createArrayOf("bigint", points.stream().map(LoggedPoint::step).toArray()))
          .query(rs -> {
            stored.computeIfAbsent(rs.getString("name"), name -> new HashMap<>())
                .put(rs.getLong("step"), rs.getDouble("value"));
          });
      return null;
    }));
    return stored;
  }

  /** Creates the keys the run does not have yet; returns each with its last stored step. */
  private Map<String, IngestKey> ingestKeys(UUID runId, List<String> names) {
    Map<String, IngestKey> keys = new HashMap<>();
    jdbcTemplate.execute((ConnectionCallback<Void>) connection -> {
      Array array = connection.createArrayOf("text", names.toArray());
      jdbc.sql(INSERT_KEYS).param("run", runId).param("names", array).update();
      jdbc.sql(SELECT_INGEST_KEYS)
          .param("run", runId)
          .param("names", array)
          .query(rs -> {
            long lastStep = rs.getLong("last_step");
            keys.put(rs.getString("name"), new IngestKey(rs.getLong("id"), rs.wasNull() ? -1 : lastStep));
          });
      return null;
    });
    return keys;
  }

  /**
   * True when every series goes strictly up in step from beyond its key's last stored step, and no key comes twice:
   * then no point can be stored already. Ingests of a run take turns, so nothing changes between check and insert.
   */
  private static boolean appendsOnly(MetricBatch batch, Map<String, IngestKey> keys) {
    Set<String> seen = new HashSet<>();
    for (MetricBatch.Series series : batch.series()) {
      if (!seen.add(series.key()) || !series.points().ascendingAfter(keys.get(series.key()).lastStep())) {
        return false;
      }
    }
    return true;
  }

  /** Binary COPY: no number formatting on either side. */
  private static long copy(Connection connection, MetricBatch batch, Map<String, IngestKey> keys) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_STAGING);
    try {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      buffer.put(COPY_HEADER);
      for (MetricBatch.Series series : batch.series()) {
        long keyId = keys.get(series.key()).id();
        MetricBatch.Points points = series.points();
        for (int i = 0; i < points.size(); i++) {
          if (buffer.remaining() < COPY_ROW_BYTES) {
            flush(copy, buffer);
          }
          buffer.putShort((short) 4);
          buffer.putInt(8).putLong(keyId);
          buffer.putInt(8).putLong(points.step(i));
          buffer.putInt(8).putDouble(points.value(i));
          buffer.putInt(8).putLong((points.wallMillis(i) - POSTGRES_EPOCH_MILLIS) * 1000);
        }
      }
      if (buffer.remaining() < 2) {
        flush(copy, buffer);
      }
      buffer.putShort((short) -1);
      flush(copy, buffer);
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void flush(CopyIn copy, ByteBuffer buffer) throws SQLException {
    copy.writeToCopy(buffer.array(), 0, buffer.position());
    buffer.clear();
  }

  /** Signature, flags (no OIDs) and an empty header extension. */
  private static byte[] copyHeader() {
    byte[] signature = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    return ByteBuffer.allocate(signature.length + 8).put(signature).putInt(0).putInt(0).array();
  }

  private static LoggedPoint loggedPoint(ResultSet rs, String key) throws SQLException {
    return new LoggedPoint(key, rs.getLong("step"), rs.getDouble("value"),
        rs.getTimestamp("wall_time").toInstant().toEpochMilli());
  }

  private static MetricPoint point(ResultSet rs, int row) throws SQLException {
    return new MetricPoint(rs.getLong("step"), rs.getDouble("value"));
  }

  private static MetricPoint timedPoint(ResultSet rs, int row) throws SQLException {
    return new MetricPoint(rs.getLong("step"), rs.getDouble("value"),
        rs.getTimestamp("wall_time").toInstant().toEpochMilli());
  }

  record StoredKey(long id, String name, long steps) {}

  /** Both null when the window holds no point. */
  private record StepRange(Long first, Long last) {}

  /** {@code lastStep} is -1 for a key without points. */
  private record IngestKey(long id, long lastStep) {}
}
