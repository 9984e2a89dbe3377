-- 0015 on PostgreSQL (see ../0015_workspace_files.sql): the files the whole office shares — installed
-- contribution parameter files, the official KEDU schema, the trusted CA bundle — as bytes with their
-- SHA-256. changed_at is compared as text: COLLATE "C".

CREATE TABLE workspace_files (
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    data        BYTEA NOT NULL,
    changed_at  TEXT COLLATE "C" NOT NULL,
    changed_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, key)
);

-- other seats hear a change at once (store/watch.py ChangeFeed; schema.CHANGE_FEED): they drop their
-- cached parameter years and use the new schema / bundle on their next read
CREATE TRIGGER workspace_files_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON workspace_files
    FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('files.changed');
