-- 0015: files the whole workspace shares (issue 16): the contribution parameter files installed into the
-- workspace (kind 'params', key: the year), the official KEDU schema chosen in Ustawienia (kind
-- 'kedu_schema') and the trusted CA bundle for signature verification (kind 'ca_bundle'; key '' for the
-- two single files). An office keeps them in its shared database, so every seat computes and verifies with
-- the same bytes; a workspace of one seat keeps them here too (store/workspace_files.py), so the workspace
-- backup and `workspace migrate` carry them with the rows. data: the file's bytes exactly as chosen;
-- sha256: their hex SHA-256, checked on every read; name: the chosen file's name (shown in Ustawienia);
-- changed_at: ISO UTC (the program's clock); changed_by: the accountant and the seat that stored it.

CREATE TABLE workspace_files (
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    data        BLOB NOT NULL,
    changed_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, key)
);
