-- Follows V011. A pipeline's gate stages: where the pipeline waits for a person's decision. One row per gate the
-- pipeline has reached; the pipeline workflow writes it (WAITING when reached, then the decision). A gate still
-- WAITING when its pipeline ends is deleted (it was never decided); a retry reaches a rejected gate again and asks anew.
CREATE TABLE pipeline_gate (
    pipeline_id uuid        NOT NULL REFERENCES pipeline (id),
    stage       text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('WAITING', 'APPROVED', 'REJECTED')),
    reached_at  timestamptz NOT NULL DEFAULT now(),
    decided_at  timestamptz,
    decided_by  text,
    comment     text,
    PRIMARY KEY (pipeline_id, stage),
    CHECK ((status = 'WAITING') = (decided_at IS NULL))
);
