-- A sweep trains one spec at many parameter values; each trial is an ordinary run that knows its sweep, its trial
-- number and the values it was given. The sweep keeps its submitted body: the trials are drawn from it again on read.
CREATE TABLE sweep (
    id          uuid PRIMARY KEY,
    project_id  bigint      NOT NULL REFERENCES project (id),
    name        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    spec        jsonb       NOT NULL,
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX idx_sweep__created_at ON sweep (created_at DESC, id DESC);

ALTER TABLE run ADD COLUMN sweep_id uuid REFERENCES sweep (id);
ALTER TABLE run ADD COLUMN sweep_trial integer;
ALTER TABLE run ADD COLUMN sweep_params jsonb;
-- Cancelled by the sweep's early-stopping rule rather than by a person.
ALTER TABLE run ADD COLUMN stopped_early boolean NOT NULL DEFAULT false;
ALTER TABLE run ADD CONSTRAINT run_trial_in_sweep
    CHECK ((sweep_id IS NULL) = (sweep_trial IS NULL) AND (sweep_id IS NULL) = (sweep_params IS NULL));
CREATE UNIQUE INDEX idx_run__sweep_trial ON run (sweep_id, sweep_trial) WHERE sweep_id IS NOT NULL;
