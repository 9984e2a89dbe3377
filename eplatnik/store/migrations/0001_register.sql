-- 0001: the register — payers (client firms), insured persons with dated history, accountants,
-- authorisations (ZUS-PEL), and the audit log of who did what.

CREATE TABLE payers (
    id              INTEGER PRIMARY KEY,
    nip             TEXT NOT NULL,
    regon           TEXT NOT NULL DEFAULT '',
    pesel           TEXT NOT NULL DEFAULT '',
    full_name       TEXT NOT NULL,
    short_name      TEXT NOT NULL,
    payer_type      TEXT NOT NULL CHECK (payer_type IN ('budget', 'legal', 'other')),
    first_name      TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL DEFAULT '',
    birth_date      TEXT NOT NULL DEFAULT '',
    street          TEXT NOT NULL DEFAULT '',
    house_no        TEXT NOT NULL DEFAULT '',
    flat_no         TEXT NOT NULL DEFAULT '',
    postal_code     TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    accident_rate   TEXT NOT NULL DEFAULT '1.67',
    bank_account    TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    contribution_scheme TEXT NOT NULL DEFAULT '',
    health_tax_form TEXT NOT NULL DEFAULT '',
    archived        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX payers_nip ON payers (nip);
CREATE INDEX payers_name ON payers (short_name COLLATE NOCASE);

CREATE TABLE insured_persons (
    id              INTEGER PRIMARY KEY,
    payer_id        INTEGER NOT NULL REFERENCES payers (id) ON DELETE RESTRICT,
    pesel           TEXT NOT NULL DEFAULT '',
    document_type   TEXT NOT NULL DEFAULT '',
    document_number TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX insured_payer_pesel ON insured_persons (payer_id, pesel) WHERE pesel <> '';
CREATE UNIQUE INDEX insured_payer_doc ON insured_persons (payer_id, document_type, document_number)
    WHERE pesel = '';

-- A change to an insured person is a new dated record; nothing is overwritten.
CREATE TABLE insured_records (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES insured_persons (id) ON DELETE CASCADE,
    valid_from      TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    second_name     TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL,
    birth_date      TEXT NOT NULL,
    street          TEXT NOT NULL DEFAULT '',
    house_no        TEXT NOT NULL DEFAULT '',
    flat_no         TEXT NOT NULL DEFAULT '',
    postal_code     TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    insurance_title_code TEXT NOT NULL,
    work_time_numerator   INTEGER NOT NULL DEFAULT 1,
    work_time_denominator INTEGER NOT NULL DEFAULT 1,
    gross_pay       TEXT NOT NULL DEFAULT '0.00',
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL DEFAULT '',
    voluntary_sickness INTEGER NOT NULL DEFAULT 0,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    recorded_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX insured_records_person ON insured_records (person_id, valid_from);

CREATE TABLE accountants (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    pesel           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE authorisations (
    id              INTEGER PRIMARY KEY,
    payer_id        INTEGER NOT NULL REFERENCES payers (id) ON DELETE CASCADE,
    accountant_id   INTEGER NOT NULL REFERENCES accountants (id) ON DELETE RESTRICT,
    scope           TEXT NOT NULL DEFAULT 'full',
    reference       TEXT NOT NULL DEFAULT '',
    valid_from      TEXT NOT NULL,
    valid_to        TEXT NOT NULL DEFAULT '',
    revoked         INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX authorisations_payer ON authorisations (payer_id);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor           TEXT NOT NULL DEFAULT '',
    action          TEXT NOT NULL,
    entity          TEXT NOT NULL DEFAULT '',
    entity_id       INTEGER,
    details         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
