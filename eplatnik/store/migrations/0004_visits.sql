-- 0004: e-visits (e-wizyty) booked from this workspace, kept locally so "Moje e-wizyty" works offline.
-- A booking that could not reach the booking service stays here as 'pending' with the whole form
-- (request_json) so it can be retried; remote_id is the booking service's number once confirmed.

CREATE TABLE visits (
    id                INTEGER PRIMARY KEY,
    client_request_id TEXT NOT NULL UNIQUE,
    remote_id         TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('pending', 'booked', 'cancelled', 'rejected')),
    topic             TEXT NOT NULL,
    unit_id           TEXT NOT NULL,
    start_utc         TEXT NOT NULL DEFAULT '',
    slot_minutes      INTEGER NOT NULL DEFAULT 20,
    payer_id          INTEGER REFERENCES payers(id) ON DELETE SET NULL,
    client_key        TEXT NOT NULL DEFAULT '',   -- PESEL or NIP, to list visits per client
    join_url          TEXT NOT NULL DEFAULT '',
    request_json      TEXT NOT NULL,
    last_error        TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE INDEX visits_start ON visits (start_utc);
CREATE INDEX visits_payer ON visits (payer_id);
CREATE INDEX visits_client ON visits (client_key);

-- The unit the person chose for a postal code when our (unofficial) coverage data had no match or
-- suggested another one: remembered per client key and postal code.
CREATE TABLE visit_unit_choices (
    client_key   TEXT NOT NULL,
    postal_code  TEXT NOT NULL,
    unit_id      TEXT NOT NULL,
    unit_name    TEXT NOT NULL DEFAULT '',
    chosen_at    TEXT NOT NULL,
    PRIMARY KEY (client_key, postal_code)
);
