-- Follows V013. Every decision at a pipeline's gates is kept: pipeline_gate holds a gate's current state, which a
-- retry resets when it asks again; pipeline_gate_decision keeps each decision, a person's or a gate timeout's, with
-- the attempt of the pipeline it belonged to (1 for the first try, one more for each retry).
ALTER TABLE pipeline ADD COLUMN attempt integer NOT NULL DEFAULT 1;

-- When a waiting gate decides itself (null: it waits as long as it takes).
ALTER TABLE pipeline_gate ADD COLUMN timeout_at timestamptz;

CREATE TABLE pipeline_gate_decision (
    pipeline_id uuid        NOT NULL REFERENCES pipeline (id),
    stage       text        NOT NULL,
    attempt     integer     NOT NULL,
    decision    text        NOT NULL CHECK (decision IN ('approve', 'reject')),
    decided_by  text        NOT NULL,
    decided_at  timestamptz NOT NULL,
    comment     text,
    timed_out   boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (pipeline_id, stage, attempt)
);

-- The decisions made before this migration; the history of earlier retries was not kept, so all count as attempt 1.
INSERT INTO pipeline_gate_decision (pipeline_id, stage, attempt, decision, decided_by, decided_at, comment)
SELECT pipeline_id, stage, 1, CASE status WHEN 'APPROVED' THEN 'approve' ELSE 'reject' END, decided_by, decided_at,
       comment
FROM pipeline_gate WHERE status <> 'WAITING';
