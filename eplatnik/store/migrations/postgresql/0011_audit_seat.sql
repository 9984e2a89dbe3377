-- 0011 on PostgreSQL (see ../0011_audit_seat.sql): the seat of every audited change, and the client an
-- audit entry is about. The same DDL as on SQLite; text columns not compared as time keep the database's
-- collation (store/schema.py).

ALTER TABLE audit_log ADD COLUMN seat TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN payer_id INTEGER;
ALTER TABLE document_transitions ADD COLUMN seat TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN seat TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_payer ON audit_log (payer_id);
