-- How a tpe sweep drew a trial's values, which V011's sweep_params held beside them under the reserved key '$drawn'
-- ({"by": ..., "why": ...}): now in columns of their own, so that sweep_params holds only the values. In one migration
-- with the copy, so that no release reads a run whose '$drawn' is neither moved nor still where it was.
ALTER TABLE run ADD COLUMN sweep_drawn_by text CHECK (sweep_drawn_by IN ('random', 'tpe'));
-- Why a trial past the startup trials was drawn at random rather than by tpe.
ALTER TABLE run ADD COLUMN sweep_drawn_why text;

UPDATE run
SET sweep_drawn_by = sweep_params -> '$drawn' ->> 'by',
    sweep_drawn_why = sweep_params -> '$drawn' ->> 'why',
    sweep_params = sweep_params - '$drawn'
WHERE sweep_params -> '$drawn' IS NOT NULL;

ALTER TABLE run ADD CONSTRAINT run_drawn_in_sweep
    CHECK ((sweep_drawn_by IS NULL OR sweep_id IS NOT NULL) AND (sweep_drawn_why IS NULL OR sweep_drawn_by = 'random'));
