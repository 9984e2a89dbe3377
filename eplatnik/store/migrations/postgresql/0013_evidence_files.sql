-- 0013 on PostgreSQL (see ../0013_evidence_files.sql): evidence bytes in the office database.

CREATE TABLE evidence_files (
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    data        BYTEA NOT NULL,
    stored_at   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (path)
);
