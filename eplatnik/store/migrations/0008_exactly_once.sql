-- 0008: sending exactly once across processes (and, with PostgreSQL, across the seats of an office).
--
-- One LIVE submission per signed document and per workspace set: two processes that enqueue the same
-- set at once both INSERT, and the unique index turns the second INSERT into a no-op (SQLite and
-- PostgreSQL: INSERT … ON CONFLICT DO NOTHING; the same partial indexes exist in both). Live means
-- anything but "rejected" or "failed": an accepted set, or one whose receipt did not verify, is with
-- the gateway and is never sent again.
--
-- Sending itself is claimed per row with a lease: claimed_by names the process (host:pid:token) that
-- is talking to the gateway about this submission, claimed_at since when, claimed_until until when
-- the claim holds if that process goes silent (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED).

ALTER TABLE submissions ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN claimed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN claimed_until TEXT NOT NULL DEFAULT '';
-- duplicates made before this version (two processes sent the same set) keep their evidence and are
-- marked as such, so the unique indexes can hold from now on
ALTER TABLE submissions ADD COLUMN duplicate_of INTEGER REFERENCES submissions(id);

UPDATE submissions SET duplicate_of = (
    SELECT MIN(o.id) FROM submissions o
    WHERE o.state NOT IN ('rejected', 'failed') AND o.id < submissions.id
      AND (o.document_sha256 = submissions.document_sha256 OR o.document_set_id = submissions.document_set_id))
WHERE state NOT IN ('rejected', 'failed');

CREATE UNIQUE INDEX submissions_one_live_document ON submissions(document_sha256)
    WHERE state NOT IN ('rejected', 'failed') AND duplicate_of IS NULL;
CREATE UNIQUE INDEX submissions_one_live_set ON submissions(document_set_id)
    WHERE document_set_id IS NOT NULL AND state NOT IN ('rejected', 'failed') AND duplicate_of IS NULL;
CREATE INDEX submissions_claimed ON submissions(claimed_by);

-- what a month-end run learnt about a client besides errors, e.g. "already being sent by …" (JSON pl/en)
ALTER TABLE month_run_clients ADD COLUMN note TEXT NOT NULL DEFAULT '';
