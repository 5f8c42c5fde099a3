-- Core schema of Pedigree (DESIGN.md §5). Enums are text + CHECK so they can grow without type migrations.

CREATE TABLE project (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pipeline (
    id          uuid PRIMARY KEY,
    project_id  bigint      NOT NULL REFERENCES project (id),
    name        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    spec        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE TABLE run (
    id           uuid PRIMARY KEY,
    project_id   bigint      NOT NULL REFERENCES project (id),
    pipeline_id  uuid REFERENCES pipeline (id),
    name         text        NOT NULL,
    kind         text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    spec         jsonb       NOT NULL,
    total_steps  bigint      NOT NULL DEFAULT 0,
    progress_step bigint     NOT NULL DEFAULT 0,
    cancel_requested boolean NOT NULL DEFAULT false,
    error        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
-- Newest-first listing with optional filters; the id breaks ties so paging is stable.
CREATE INDEX idx_run__created_at ON run (created_at DESC, id DESC);
CREATE INDEX idx_run__status_created_at ON run (status, created_at DESC);
CREATE INDEX idx_run__kind_created_at ON run (kind, created_at DESC);
CREATE INDEX idx_run__project_created_at ON run (project_id, created_at DESC);
CREATE INDEX idx_run__pipeline ON run (pipeline_id) WHERE pipeline_id IS NOT NULL;

-- One row per resume segment (a Temporal activity attempt).
CREATE TABLE run_attempt (
    run_id      uuid        NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL CHECK (attempt >= 1),
    from_step   bigint      NOT NULL CHECK (from_step >= 0),
    worker      text        NOT NULL,
    device      text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    PRIMARY KEY (run_id, attempt)
);

CREATE TABLE metric_key (
    id      bigserial PRIMARY KEY,
    run_id  uuid NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    name    text NOT NULL,
    UNIQUE (run_id, name)
);

-- Narrow and append-only. The unique index makes ingest idempotent on (run, attempt, key, step).
CREATE TABLE metric_point (
    key_id     bigint           NOT NULL,
    attempt    integer          NOT NULL,
    step       bigint           NOT NULL,
    value      double precision NOT NULL,
    wall_time  timestamptz      NOT NULL
);
CREATE UNIQUE INDEX idx_metric_point__key_step_attempt ON metric_point (key_id, step, attempt);

-- Per-key summary kept on write so lists and comparisons never scan points.
CREATE TABLE metric_summary (
    key_id     bigint PRIMARY KEY REFERENCES metric_key (id) ON DELETE CASCADE,
    last_step  bigint           NOT NULL,
    last_value double precision NOT NULL,
    min_value  double precision NOT NULL,
    max_value  double precision NOT NULL,
    count      bigint           NOT NULL
);

CREATE TABLE artifact (
    id          uuid PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('model', 'dataset', 'tokenizer', 'checkpoint')),
    name        text        NOT NULL,
    uri         text        NOT NULL,
    sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes       bigint      NOT NULL CHECK (bytes >= 0),
    format      text        NOT NULL,
    metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    run_id      uuid REFERENCES run (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- A worker may report the same artifact twice (a retried request): one row per run and URI.
CREATE UNIQUE INDEX idx_artifact__run_uri ON artifact (run_id, uri);
CREATE INDEX idx_artifact__sha256 ON artifact (sha256);

-- Typed lineage: from an artifact or a run to an artifact.
CREATE TABLE lineage_edge (
    id                bigserial PRIMARY KEY,
    from_artifact_id  uuid REFERENCES artifact (id),
    from_run_id       uuid REFERENCES run (id),
    to_artifact_id    uuid NOT NULL REFERENCES artifact (id),
    relation          text NOT NULL CHECK (relation IN ('produced', 'pretrained_on', 'selected_from', 'finetuned_from',
                                                         'rl_from', 'reference', 'reward', 'teacher',
                                                         'distilled_into', 'merged_from')),
    params            jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((from_artifact_id IS NULL) <> (from_run_id IS NULL))
);
CREATE INDEX idx_lineage_edge__to ON lineage_edge (to_artifact_id);
CREATE INDEX idx_lineage_edge__from_artifact ON lineage_edge (from_artifact_id);
CREATE INDEX idx_lineage_edge__from_run ON lineage_edge (from_run_id);

-- Bearer tokens, stored as sha256 of the secret; never the secret itself.
CREATE TABLE api_token (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL,
    token_hash  text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    role        text        NOT NULL CHECK (role IN ('admin', 'user', 'worker')),
    project_id  bigint REFERENCES project (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

INSERT INTO project (name) VALUES ('default');
