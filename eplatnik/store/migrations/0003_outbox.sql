-- 0003: the gateway outbox (submissions), pinned gateway certificates and received receipts.
-- A submission row (with its idempotency key) is written BEFORE the package is sent, so a crash at
-- any point resumes with the same key and the gateway answers with the same reference.

CREATE TABLE gateway_pins (
    gateway_key         TEXT PRIMARY KEY,           -- profile name ("sandbox") or the gateway URL
    encryption_cert     TEXT NOT NULL,              -- PEM
    receipt_cert        TEXT NOT NULL,              -- PEM, the certificate receipts must verify against
    receipt_cert_sha256 TEXT NOT NULL,
    pinned_at           TEXT NOT NULL
);

CREATE TABLE gateway_certs (
    sha256  TEXT PRIMARY KEY,                       -- every receipt certificate ever pinned
    pem     TEXT NOT NULL
);

CREATE TABLE submissions (
    id                  INTEGER PRIMARY KEY,
    idempotency_key     TEXT NOT NULL UNIQUE,
    gateway_key         TEXT NOT NULL,
    gateway_url         TEXT NOT NULL,
    profile             TEXT NOT NULL,
    document_set_id     INTEGER,                    -- forms set, when sent from the workspace
    source_name         TEXT NOT NULL DEFAULT '',
    payer_nip           TEXT NOT NULL DEFAULT '',
    payer_pesel         TEXT NOT NULL DEFAULT '',
    payer_name          TEXT NOT NULL DEFAULT '',
    period              TEXT NOT NULL DEFAULT '',   -- YYYY-MM
    forms               TEXT NOT NULL DEFAULT '',   -- e.g. "ZUSDRA,ZUSRCA"
    document_path       TEXT NOT NULL,              -- signed KEDU, byte-exact, relative to documents/
    document_sha256     TEXT NOT NULL,              -- hex
    package_path        TEXT NOT NULL,              -- encrypted package as sent
    package_sha256      TEXT NOT NULL,              -- base64, as on the wire
    package_type        TEXT NOT NULL,
    receipt_cert_sha256 TEXT NOT NULL,              -- the pin in force when the package was built
    state               TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'in_progress', 'accepted', 'rejected',
                                                         'failed_retryable', 'failed', 'receipt_invalid')),
    reference           TEXT,
    gateway_status      INTEGER,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     TEXT NOT NULL,
    last_error          TEXT NOT NULL DEFAULT '',
    actor               TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    sent_at             TEXT,
    finished_at         TEXT,
    updated_at          TEXT NOT NULL
);
CREATE INDEX submissions_state ON submissions(state, next_attempt_at);
CREATE INDEX submissions_payer ON submissions(payer_nip, period);
CREATE INDEX submissions_period ON submissions(period);
CREATE INDEX submissions_created ON submissions(created_at);
CREATE INDEX submissions_reference ON submissions(reference);
CREATE INDEX submissions_set ON submissions(document_set_id);

CREATE TABLE receipts (
    id              INTEGER PRIMARY KEY,
    submission_id   INTEGER NOT NULL UNIQUE REFERENCES submissions(id),
    reference       TEXT NOT NULL,
    status_code     INTEGER NOT NULL,
    accepted        INTEGER NOT NULL,
    received_at     TEXT NOT NULL DEFAULT '',       -- when the gateway took the package in
    issued_at       TEXT NOT NULL DEFAULT '',
    path            TEXT NOT NULL,                  -- receipt XML, byte-exact, relative to documents/
    sha256          TEXT NOT NULL,                  -- hex
    verified        INTEGER NOT NULL,               -- 1 signature + digests + reference all match
    problem         TEXT NOT NULL DEFAULT '',       -- why not (Polish | English), when verified = 0
    errors_json     TEXT NOT NULL DEFAULT '[]',     -- rejection reasons: document, block, field, message
    stored_at       TEXT NOT NULL
);
CREATE INDEX receipts_reference ON receipts(reference);
