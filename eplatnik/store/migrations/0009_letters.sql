-- 0009: correspondence from ZUS (the letters inbox), the UPDs signed to open letters, and the
-- notifications (e-mail, desktop) sent about new letters and rejected sets.
-- A letter row is written when the inbox is synchronised; its content (sealed by the gateway) is
-- stored byte-exact under documents/letters/ once it was opened and verified. A UPD row is written
-- BEFORE the UPD is sent (like the outbox), and there is at most one per letter: a retry after a
-- crash or a lost answer sends the same bytes again, never a second UPD.

CREATE TABLE letters (
    id                  INTEGER PRIMARY KEY,
    gateway_key         TEXT NOT NULL,              -- profile name or "url:…", as the outbox's
    letter_id           TEXT NOT NULL,              -- the gateway's identifier (LTR-…)
    payer_nip           TEXT NOT NULL,
    payer_name          TEXT NOT NULL DEFAULT '',
    title               TEXT NOT NULL,
    kind                TEXT NOT NULL,              -- decision | notice | letter
    placed_at           TEXT NOT NULL,              -- ISO instant, when ZUS placed it
    content_sha256      TEXT NOT NULL,              -- base64, as listed (what the UPD names)
    content_size        INTEGER NOT NULL DEFAULT 0,
    in_reply_to         TEXT NOT NULL DEFAULT '',
    remote_state        TEXT NOT NULL,              -- awaiting | delivered | deemed_delivered (gateway)
    remote_delivered_at TEXT NOT NULL DEFAULT '',   -- when a UPD (anyone's) was accepted
    first_seen_at       TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    content_path        TEXT NOT NULL DEFAULT '',   -- sealed letter, byte-exact, relative to documents/
    content_file_sha256 TEXT NOT NULL DEFAULT '',   -- hex of that file
    pdf_path            TEXT NOT NULL DEFAULT '',   -- the PDF inside it, extracted
    verified            INTEGER,                    -- NULL not fetched, 1 seal + digests ok, 0 kept aside
    problem             TEXT NOT NULL DEFAULT '',   -- why not genuine (JSON {"pl","en"}), when verified = 0
    read_at             TEXT NOT NULL DEFAULT '',   -- when this workspace first had its content
    UNIQUE (gateway_key, letter_id)
);
CREATE INDEX letters_payer ON letters (payer_nip, placed_at);

CREATE TABLE letter_upds (
    id              INTEGER PRIMARY KEY,
    letter_row_id   INTEGER NOT NULL UNIQUE REFERENCES letters (id),
    path            TEXT NOT NULL,                  -- the signed UPD, byte-exact, relative to documents/
    sha256          TEXT NOT NULL,                  -- base64, as on the wire
    signer          TEXT NOT NULL DEFAULT '',       -- who signed (name; PESEL)
    signed_at       TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('signed', 'accepted', 'superseded', 'refused')),
    answer          TEXT NOT NULL DEFAULT '',       -- the gateway's message for a refusal (JSON {"pl","en"})
    sent_at         TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    event_key       TEXT NOT NULL UNIQUE,           -- "letter:<gateway_key>:<id>", "rejected:<submission id>"
    kind            TEXT NOT NULL,                  -- letter | rejected
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    emailed_at      TEXT NOT NULL DEFAULT '',
    email_error     TEXT NOT NULL DEFAULT '',
    shown_at        TEXT NOT NULL DEFAULT ''        -- the desktop notification was shown
);
