-- What MLflow's registry keeps besides V009's models, versions and aliases: tags on models and versions, a version's
-- stage, and when a version last changed. Tags are annotations, not lineage: they are set again and deleted freely,
-- within MLflow's limits (a key 1 to 250 characters, a value at most 5000). A stage is apart from the aliases, as in
-- MLflow; every transition is kept, as every alias move is.
CREATE TABLE registered_model_tag (
    model_id  bigint NOT NULL REFERENCES registered_model (id),
    key       text   NOT NULL CHECK (char_length(key) BETWEEN 1 AND 250),
    value     text   NOT NULL CHECK (char_length(value) <= 5000),
    PRIMARY KEY (model_id, key)
);

CREATE TABLE model_version_tag (
    model_id  bigint  NOT NULL,
    version   integer NOT NULL,
    key       text    NOT NULL CHECK (char_length(key) BETWEEN 1 AND 250),
    value     text    NOT NULL CHECK (char_length(value) <= 5000),
    PRIMARY KEY (model_id, version, key),
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version)
);

ALTER TABLE model_version ADD COLUMN stage text NOT NULL DEFAULT 'None'
    CHECK (stage IN ('None', 'Staging', 'Production', 'Archived'));

-- No time was kept of a version's description changing: a version's creation is its last change until its next one.
ALTER TABLE model_version ADD COLUMN updated_at timestamptz;
UPDATE model_version SET updated_at = created_at;
ALTER TABLE model_version ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();

-- One row per transition, in the order the transitions took the model's row lock.
CREATE TABLE model_stage_transition (
    id               bigserial PRIMARY KEY,
    model_id         bigint      NOT NULL,
    version          integer     NOT NULL,
    from_stage       text        NOT NULL,
    to_stage         text        NOT NULL,
    transitioned_by  text        NOT NULL,
    transitioned_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version)
);
CREATE INDEX idx_model_stage_transition__version ON model_stage_transition (model_id, version, id);
