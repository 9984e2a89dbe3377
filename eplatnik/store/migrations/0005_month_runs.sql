-- 0005: month-end bulk runs. A run is one accountant's "do the month" for a selection of clients;
-- each client row records how far that client got (its step), the set and submission it produced,
-- and the last error. The document and outbox tables stay the truth about documents: a client's
-- period state on the dashboard is derived from them, not from these rows.

CREATE TABLE month_runs (
    id              INTEGER PRIMARY KEY,
    period          TEXT NOT NULL,                   -- YYYY-MM
    state           TEXT NOT NULL CHECK (state IN ('open', 'waiting', 'done', 'cancelled')),
    phase           TEXT NOT NULL DEFAULT 'build',   -- build, verify, sign, submit, receipts, done
    submit          INTEGER NOT NULL DEFAULT 1,      -- 0: prepare, verify and sign only
    actor           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX month_runs_period ON month_runs (period);

CREATE TABLE month_run_clients (
    run_id          INTEGER NOT NULL REFERENCES month_runs (id) ON DELETE CASCADE,
    payer_id        INTEGER NOT NULL REFERENCES payers (id),
    position        INTEGER NOT NULL,
    step            TEXT NOT NULL CHECK (step IN ('pending', 'built', 'verified', 'signed', 'submitted',
                                                  'accepted', 'rejected', 'failed')),
    set_id          INTEGER,
    submission_id   INTEGER,
    warnings        INTEGER NOT NULL DEFAULT 0,
    errors          INTEGER NOT NULL DEFAULT 0,
    changes         TEXT NOT NULL DEFAULT '[]',      -- JSON: what changed against the previous period
    failed_step     TEXT NOT NULL DEFAULT '',
    error           TEXT NOT NULL DEFAULT '',        -- JSON {"pl": …, "en": …}
    actor           TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (run_id, payer_id)
);

-- The NRS from ZUS's letter, when the accountant entered it (otherwise it is derived from the NIP).
CREATE TABLE payer_contribution_accounts (
    payer_id        INTEGER PRIMARY KEY REFERENCES payers (id) ON DELETE CASCADE,
    nrs             TEXT NOT NULL,
    entered_by      TEXT NOT NULL DEFAULT '',
    entered_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
