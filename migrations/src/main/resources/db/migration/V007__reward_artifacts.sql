-- Follows V006. Programmatic rewards become lineage nodes: an artifact of kind 'reward' per reward name@version,
-- which the platform registers (no run produces it) when an RL or preference run's model is registered, with a
-- 'reward' edge to that model. A reward is identified by the sha256 of its canonical description
-- ('reward:arith-exact@1'), so there is one row per description however many runs use it.
ALTER TABLE artifact DROP CONSTRAINT artifact_kind_check;
ALTER TABLE artifact ADD CONSTRAINT artifact_kind_check
    CHECK (kind IN ('model', 'dataset', 'tokenizer', 'checkpoint', 'reward'));
CREATE UNIQUE INDEX idx_artifact__reward_sha256 ON artifact (sha256) WHERE kind = 'reward';
