-- 0014: the settings the whole office shares (issue 16): gateway profile, KEDU schema file, trusted CA
-- bundle, e-visits, e-mail — the variables of scope "workspace" in settings.py. An office database keeps
-- them here, so every seat sees one value; a workspace of one seat (SQLite) keeps using settings.json,
-- and this table stays empty there. value: the setting's JSON; changed_at: ISO UTC (the program's clock);
-- changed_by: the accountant and the seat (computer:user) that changed it.

CREATE TABLE workspace_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL DEFAULT ''
);
