-- A curve's first, last, minimum and maximum point in fixed buckets of 256 steps (bucket = step / 256), one point per
-- step as readers see it (the highest attempt's). Kept on ingest, so a long curve is downsampled from a few thousand
-- rows instead of every point.
CREATE TABLE metric_rollup (
    key_id      bigint           NOT NULL REFERENCES metric_key (id) ON DELETE CASCADE,
    bucket      bigint           NOT NULL,
    first_step  bigint           NOT NULL,
    first_value double precision NOT NULL,
    last_step   bigint           NOT NULL,
    last_value  double precision NOT NULL,
    min_step    bigint           NOT NULL,
    min_value   double precision NOT NULL,
    max_step    bigint           NOT NULL,
    max_value   double precision NOT NULL,
    PRIMARY KEY (key_id, bucket)
);
