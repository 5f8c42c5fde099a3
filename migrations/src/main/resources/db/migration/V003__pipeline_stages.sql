-- A pipeline's runs know their stage; a retry adds runs for the stages it re-runs, so a stage may have several.
ALTER TABLE run ADD COLUMN pipeline_stage text;
ALTER TABLE run ADD CONSTRAINT run_stage_in_pipeline CHECK ((pipeline_stage IS NULL) = (pipeline_id IS NULL));
ALTER TABLE pipeline ADD COLUMN error text;
ALTER TABLE pipeline ADD COLUMN started_at timestamptz;
