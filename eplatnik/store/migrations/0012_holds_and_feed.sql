-- 0012 (issue 16, step 16.4): several seats of an office on one database.
--
-- holds: "who is editing or signing this set right now", so another seat shows
-- "Edytuje: A. Nowak (biuro-3) od 10:42" and does not open the same set for editing or signing.
-- One row per held entity; a seat takes it with INSERT … ON CONFLICT DO UPDATE … WHERE the hold is
-- stale (until < now) or already its own (store/holds.py), renews it every 30 s and deletes it when
-- done. holder: the process (host:pid:token, proc.py) — two windows at one desk are two holders;
-- seat: the desk ("computer:user", seat.py); actor: the accountant; since/until: the program's clock.
CREATE TABLE holds (
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    holder    TEXT NOT NULL,
    seat      TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL DEFAULT '',
    purpose   TEXT NOT NULL DEFAULT '',
    since     TEXT NOT NULL,
    until     TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
);

-- One month-end set per payer, month and declaration number: two seats building the same client's
-- month at once store one set (the second one's "insert unless built" finds it; the index is the
-- backstop). Only sets the program built (source 'built'): imported files and a signed set's edited
-- replacement (supersedes) may share a number with another set. A duplicate made before this version
-- (two processes built the same month) is kept and marked 'built:duplicate', so the index can hold.
UPDATE document_sets SET source = 'built:duplicate'
 WHERE source = 'built' AND kind = 'monthly' AND supersedes IS NULL AND EXISTS (
     SELECT 1 FROM document_sets o
      WHERE o.source = 'built' AND o.kind = 'monthly' AND o.supersedes IS NULL AND o.payer_id = document_sets.payer_id
        AND o.period = document_sets.period AND o.number = document_sets.number AND o.id < document_sets.id);
CREATE UNIQUE INDEX document_sets_one_built ON document_sets (payer_id, period, kind, number)
    WHERE source = 'built' AND kind = 'monthly' AND supersedes IS NULL;
