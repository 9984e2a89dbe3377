-- 0013 on PostgreSQL (see ../0013_workspace_settings.sql): the settings the whole office shares, one row
-- per workspace-scoped variable (value as JSON). changed_at is compared as text: COLLATE "C".

CREATE TABLE workspace_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    changed_at TEXT COLLATE "C" NOT NULL,
    changed_by TEXT NOT NULL DEFAULT ''
);
