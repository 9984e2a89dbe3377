-- 0014 on PostgreSQL (see ../0014_workspace_settings.sql): the settings the whole office shares, one row
-- per workspace-scoped variable (value as JSON). changed_at is compared as text: COLLATE "C".

CREATE TABLE workspace_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    changed_at TEXT COLLATE "C" NOT NULL,
    changed_by TEXT NOT NULL DEFAULT ''
);

-- other seats hear a change at once (store/watch.py ChangeFeed; schema.CHANGE_FEED)
CREATE TRIGGER workspace_settings_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON workspace_settings
    FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('settings.changed');
