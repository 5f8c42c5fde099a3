-- Rollups of the points stored before V004. Idempotent: buckets that exist already are left as they are.
INSERT INTO metric_rollup (key_id, bucket, first_step, first_value, last_step, last_value,
                           min_step, min_value, max_step, max_value)
SELECT key_id, step / 256,
       (min(ARRAY[step, value]))[1], (min(ARRAY[step, value]))[2],
       (max(ARRAY[step, value]))[1], (max(ARRAY[step, value]))[2],
       (min(ARRAY[value, step]))[2], (min(ARRAY[value, step]))[1],
       (max(ARRAY[value, step]))[2], (max(ARRAY[value, step]))[1]
FROM (SELECT DISTINCT ON (key_id, step) key_id, step, value
      FROM metric_point
      ORDER BY key_id, step, attempt DESC) AS curve
GROUP BY key_id, step / 256
ON CONFLICT (key_id, bucket) DO NOTHING;
