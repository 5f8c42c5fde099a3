-- A data-selection scorer (PreSelect's hashed n-gram logistic regression) is an artifact of its own, so lineage can
-- show it between the reference models that taught it and the subset it chose. Widens the kind check of V001.
ALTER TABLE artifact DROP CONSTRAINT artifact_kind_check;
ALTER TABLE artifact ADD CONSTRAINT artifact_kind_check
    CHECK (kind IN ('model', 'dataset', 'tokenizer', 'checkpoint', 'scorer'));
