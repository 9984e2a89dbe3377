-- 0009: the declarations' tables (0002, with 0007's params_note) for every workspace, made by the
-- migration runner. Workspaces created while 0002 was an empty placeholder, or before it had the
-- absences table, used to get them from DocumentService on first use, which ran 0002 again outside
-- the runner. IF NOT EXISTS: nothing changes where the tables are there (every workspace made since).
-- Timestamps have no SQL default here: the program passes them from its clock on every INSERT.

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
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL,
    params_note     TEXT NOT NULL DEFAULT ''         -- 0007: figures not final yet (JSON), '' if all final
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
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS document_transitions_set ON document_transitions (set_id);

CREATE TABLE IF NOT EXISTS absences (
    id              INTEGER PRIMARY KEY,
    payer_id        INTEGER NOT NULL REFERENCES payers(id),
    insured_id      INTEGER NOT NULL REFERENCES insured_persons(id),
    code            TEXT NOT NULL,                   -- 3-digit benefit/absence code (RSA III.B p2)
    date_from       TEXT NOT NULL,
    date_to         TEXT NOT NULL,
    days            INTEGER,
    amount          TEXT NOT NULL DEFAULT '',        -- benefit paid, '' when none
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS absences_payer ON absences (payer_id, date_from);
