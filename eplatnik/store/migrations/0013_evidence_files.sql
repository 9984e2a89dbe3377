-- 0013: evidence bytes in the database (issue 16, step 16.3). An office keeps every signed or official
-- file (signed declarations, packages as sent, receipts, ZUS letters and their PDFs, UPDs, the stored
-- copies of imported KEDU files) in its shared database, so nothing evidential lives only on one seat's
-- disk. The key is the same relative path that submissions.document_path / package_path, receipts.path
-- and the letters columns hold, so those tables do not change. A one-seat SQLite workspace keeps its
-- files under documents/ as before (store/evidence.py FileEvidence) and leaves this table empty;
-- `workspace migrate --to URL` fills it in the office database.

CREATE TABLE evidence_files (
    path        TEXT PRIMARY KEY,   -- relative, '/'-separated: gateway/2026-10/5261040828/<key>.p7m
    sha256      TEXT NOT NULL,      -- hex SHA-256 of data, checked on every read
    size        INTEGER NOT NULL,
    data        BLOB NOT NULL,
    stored_at   TEXT NOT NULL       -- ISO instant from the program's clock
);
