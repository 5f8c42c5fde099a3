-- A data-selection scorer (PreSelect's hashed n-gram logistic regression) is an artifact of its own, so lineage can
-- show it between the reference models that taught it and the subset it chose. The check keeps V007's 'reward'.
ALTER TABLE artifact DROP CONSTRAINT artifact_kind_check;
ALTER TABLE artifact ADD CONSTRAINT artifact_kind_check
    CHECK (kind IN ('model', 'dataset', 'tokenizer', 'checkpoint', 'reward', 'scorer'));
