-- The model registry (MLflow's registered models, versions and aliases). A version is a model artifact under a name,
-- numbered by the model's counter so a number is never reused; versions are never deleted, so lineage stays whole.
-- Every alias move is kept. A run's input named by a registry reference records it beside the artifact it resolved to.
CREATE TABLE registered_model (
    id            bigserial PRIMARY KEY,
    name          text        NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9._-]{1,128}$'),
    project_id    bigint      NOT NULL REFERENCES project (id),
    description   text,
    last_version  integer     NOT NULL DEFAULT 0,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_registered_model__created_at ON registered_model (created_at DESC, id DESC);

CREATE TABLE model_version (
    model_id     bigint      NOT NULL REFERENCES registered_model (id),
    version      integer     NOT NULL CHECK (version >= 1),
    artifact_id  uuid        NOT NULL REFERENCES artifact (id),
    description  text,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, version),
    UNIQUE (model_id, artifact_id)
);
CREATE INDEX idx_model_version__artifact ON model_version (artifact_id);

-- 'latest' is no row: it always means the newest version.
CREATE TABLE model_alias (
    model_id    bigint      NOT NULL,
    alias       text        NOT NULL CHECK (alias ~ '^[a-z][a-z0-9_-]{0,63}$' AND alias <> 'latest'),
    version     integer     NOT NULL,
    PRIMARY KEY (model_id, alias),
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version)
);

-- One row per move, in the order the moves took the model's row lock; to_version is null when the alias was deleted.
CREATE TABLE model_alias_move (
    id            bigserial PRIMARY KEY,
    model_id      bigint      NOT NULL REFERENCES registered_model (id),
    alias         text        NOT NULL,
    from_version  integer,
    to_version    integer,
    moved_by      text        NOT NULL,
    moved_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX idx_model_alias_move__model_alias ON model_alias_move (model_id, alias, id);

ALTER TABLE run_input ADD COLUMN registry text;
ALTER TABLE run_input ADD COLUMN registry_version integer;
-- A pipeline's stored spec holds the artifact ids its references resolved to at submission; what each stage's field
-- named is kept here, by stage name and spec field ({"finetune": {"$.spec.base": {"registry": …, "version": 3}}}).
ALTER TABLE pipeline ADD COLUMN model_references jsonb NOT NULL DEFAULT '{}'::jsonb;
