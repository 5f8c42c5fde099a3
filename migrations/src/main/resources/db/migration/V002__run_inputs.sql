-- The artifacts a run reads (a merge's parents, a distillation's teachers, an RL run's base), by the role its spec
-- gives each. When the run registers its model, each input becomes a lineage edge to it with this relation.
CREATE TABLE run_input (
    run_id       uuid NOT NULL REFERENCES run (id),
    role         text NOT NULL,
    artifact_id  uuid NOT NULL REFERENCES artifact (id),
    relation     text NOT NULL,
    params       jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (run_id, role)
);
CREATE INDEX idx_run_input__artifact ON run_input (artifact_id);
