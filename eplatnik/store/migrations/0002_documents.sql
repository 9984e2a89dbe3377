-- 0002: declarations — document sets (DRA/RCA/RSA monthly sets and ZUA/ZZA/ZWUA/ZIUA registration
-- sets), their documents, verification results and every lifecycle transition.
-- The KEDU XML is stored byte-exact with its SHA-256; a signed set keeps its signed bytes apart
-- and is never changed again (editing it creates a new draft set).
-- IF NOT EXISTS: workspaces created while this file was an empty placeholder get the tables from
-- DocumentService on first use (same script).

CREATE TABLE IF NOT EXISTS document_sets (
    id              INTEGER PRIMARY KEY,
    payer_id        INTEGER REFERENCES payers(id),
    payer_nip       TEXT NOT NULL DEFAULT '',
    payer_pesel     TEXT NOT NULL DEFAULT '',
    payer_name      TEXT NOT NULL DEFAULT '',
    period          TEXT NOT NULL DEFAULT '',        -- YYYY-MM ('' for undated registration sets)
    kind            TEXT NOT NULL CHECK (kind IN ('monthly', 'registration')),
    number          TEXT NOT NULL DEFAULT '01',      -- declaration identifier "01", "02" …
    correction_of   INTEGER REFERENCES document_sets(id),
    supersedes      INTEGER REFERENCES document_sets(id),  -- a signed set this draft replaces
    status          TEXT NOT NULL CHECK (status IN ('draft', 'verified', 'signed', 'queued', 'sent',
                                                     'accepted', 'rejected')),
    forms           TEXT NOT NULL DEFAULT '',        -- "DRA,RCA"
    to_pay          TEXT NOT NULL DEFAULT '0.00',    -- DRA IX p2
    xml             BLOB NOT NULL,
    xml_sha256      TEXT NOT NULL,
    signed_xml      BLOB,
    signed_sha256   TEXT,
    signer_info     TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'built',   -- 'built', 'import:<file name>', 'edit'
    verification    TEXT NOT NULL DEFAULT '',        -- JSON list of findings of the last run
    verified_at     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by      TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS document_sets_payer ON document_sets (payer_id, period);
CREATE INDEX IF NOT EXISTS document_sets_status ON document_sets (status);

CREATE TABLE IF NOT EXISTS documents (
    id              INTEGER PRIMARY KEY,
    set_id          INTEGER NOT NULL REFERENCES document_sets(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,                -- @id_dokumentu in the set's file
    form            TEXT NOT NULL,                   -- DRA, RCA, RSA, ZUA, ZZA, ZWUA, ZIUA
    blocks          INTEGER NOT NULL DEFAULT 0,      -- repeated III blocks (RCA/RSA)
    person          TEXT NOT NULL DEFAULT '',        -- registration forms: PESEL or document no.
    UNIQUE (set_id, position)
);

CREATE TABLE IF NOT EXISTS document_transitions (
    id              INTEGER PRIMARY KEY,
    set_id          INTEGER NOT NULL REFERENCES document_sets(id) ON DELETE CASCADE,
    from_status     TEXT NOT NULL DEFAULT '',
    to_status       TEXT NOT NULL,
    at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS document_transitions_set ON document_transitions (set_id);

-- Absences and benefits entered for a month (ZUS RSA block III): one row per absence; the monthly
-- set's RSA is built from the rows overlapping the period.
CREATE TABLE IF NOT EXISTS absences (
    id              INTEGER PRIMARY KEY,
    payer_id        INTEGER NOT NULL REFERENCES payers(id),
    insured_id      INTEGER NOT NULL REFERENCES insured_persons(id),
    code            TEXT NOT NULL,                   -- 3-digit benefit/absence code (RSA III.B p2)
    date_from       TEXT NOT NULL,
    date_to         TEXT NOT NULL,
    days            INTEGER,
    amount          TEXT NOT NULL DEFAULT '',        -- benefit paid, '' when none
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS absences_payer ON absences (payer_id, date_from);
