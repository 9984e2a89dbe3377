-- 0006: the payer's account — the fund split of accepted declarations (a cache that can be rebuilt),
-- bank statement imports and their transactions (payments), matched to payers by NRS.
-- Portable SQL (SQLite now, PostgreSQL later): timestamps come from the program's clock.

CREATE TABLE account_dues (
    set_id          INTEGER PRIMARY KEY REFERENCES document_sets(id) ON DELETE CASCADE,
    payer_id        INTEGER NOT NULL REFERENCES payers(id),
    period          TEXT NOT NULL,                   -- YYYY-MM
    number          TEXT NOT NULL,                   -- declaration identifier 01, 02 …
    fus             TEXT NOT NULL,                   -- social insurance (DRA IV p37) → FUS
    fuz             TEXT NOT NULL,                   -- health (DRA VI) → NFZ via ZUS
    fp_fs           TEXT NOT NULL,                   -- Fundusz Pracy + Solidarnościowy (DRA VII p1)
    fgsp            TEXT NOT NULL,                   -- FGŚP (DRA VII p2)
    fep             TEXT NOT NULL,                   -- FEP (DRA VIII p3)
    total           TEXT NOT NULL                    -- the sum of the five
);
CREATE INDEX account_dues_payer ON account_dues (payer_id, period);

CREATE TABLE statement_imports (
    id              INTEGER PRIMARY KEY,
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,
    format          TEXT NOT NULL,                   -- mt940, camt053, csv, manual
    own_account     TEXT NOT NULL DEFAULT '',
    transactions    INTEGER NOT NULL,
    matched         INTEGER NOT NULL,
    ignored         INTEGER NOT NULL,
    duplicates      INTEGER NOT NULL,
    imported_at     TEXT NOT NULL,
    actor           TEXT NOT NULL DEFAULT ''
);

CREATE TABLE bank_transactions (
    id                   INTEGER PRIMARY KEY,
    identity             TEXT NOT NULL UNIQUE,      -- stable per transaction: re-importing adds nothing
    import_id            INTEGER REFERENCES statement_imports(id),
    source               TEXT NOT NULL,             -- mt940, camt053, csv, manual
    booked_on            TEXT NOT NULL,             -- YYYY-MM-DD
    amount               TEXT NOT NULL,             -- positive, 2 decimals
    currency             TEXT NOT NULL DEFAULT 'PLN',
    direction            TEXT NOT NULL CHECK (direction IN ('debit', 'credit')),
    own_account          TEXT NOT NULL DEFAULT '',
    counterparty_account TEXT NOT NULL DEFAULT '',
    counterparty_name    TEXT NOT NULL DEFAULT '',
    title                TEXT NOT NULL DEFAULT '',
    reference            TEXT NOT NULL DEFAULT '',
    payer_id             INTEGER REFERENCES payers(id),
    status               TEXT NOT NULL CHECK (status IN ('matched', 'ignored')),
    reason               TEXT NOT NULL DEFAULT '',  -- why ignored (code: credit, not_nrs, unknown_payer, currency)
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX bank_transactions_payer ON bank_transactions (payer_id, booked_on);
