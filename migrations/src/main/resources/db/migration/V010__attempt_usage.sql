-- Device time per attempt. An attempt holds its device from its start until the last request its worker made (its
-- report, a metric batch, an artifact): a killed worker's attempt stops counting when the worker died, not when the
-- platform noticed. last_step is the highest step the attempt reported. Attempts recorded before V010 count until the
-- platform closed them and lose nothing.
ALTER TABLE run_attempt ADD COLUMN last_seen_at timestamptz;
ALTER TABLE run_attempt ADD COLUMN last_step bigint;

-- Each attempt's device seconds and the part of them that the next attempt redid: the time after the step the next
-- attempt resumed from, in proportion to the steps after it (all of the attempt when it got no further than that
-- step; none for the last attempt). device_class is the device's first word ('cuda', 'cpu'), which prices are keyed by.
CREATE VIEW attempt_usage AS
SELECT run_id, attempt, device, device_class, started_at, device_seconds,
       CASE WHEN next_from_step IS NULL OR last_step <= next_from_step THEN 0
            WHEN next_from_step <= from_step THEN device_seconds
            ELSE device_seconds * (last_step - next_from_step) / (last_step - from_step)
       END AS lost_seconds
FROM (SELECT a.run_id, a.attempt, a.device, a.from_step, a.started_at,
             lower(substring(a.device FROM '^[A-Za-z0-9_-]+')) AS device_class,
             coalesce(a.last_step, a.from_step) AS last_step,
             greatest(0, extract(EPOCH FROM coalesce(a.last_seen_at, a.ended_at, a.started_at) - a.started_at))
                 AS device_seconds,
             lead(a.from_step) OVER (PARTITION BY a.run_id ORDER BY a.attempt) AS next_from_step
      FROM run_attempt a) AS attempt;
