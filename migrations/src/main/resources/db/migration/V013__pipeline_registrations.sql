-- Follows V012. A pipeline's register stages: the upstream model each put into the model registry, under which name,
-- version and alias. Written once by the pipeline workflow's ledger call; a retry reuses it.
CREATE TABLE pipeline_registration (
    pipeline_id   uuid        NOT NULL REFERENCES pipeline (id),
    stage         text        NOT NULL,
    artifact_id   uuid        NOT NULL REFERENCES artifact (id),
    model_name    text        NOT NULL,
    version       integer     NOT NULL,
    alias         text,
    registered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pipeline_id, stage)
);
