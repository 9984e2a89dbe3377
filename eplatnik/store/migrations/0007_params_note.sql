-- 0007: which contribution figures that were not final yet (draft / forecast) a monthly set was
-- computed with, as JSON (a list of {figure, from, value, status, source, final_when}); '' when all
-- were final or the set was not computed by the program (imported, registration documents).
-- Shown as a badge on the Dokumenty and month pages and as a footnote on the printout.

ALTER TABLE document_sets ADD COLUMN params_note TEXT NOT NULL DEFAULT '';
