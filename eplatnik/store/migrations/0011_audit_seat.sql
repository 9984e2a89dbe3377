-- 0011: who did what, at which desk (issue 16, "an audit view per client"). Every recorded change
-- already names the accountant (audit_log.actor, document_transitions.actor, submissions.actor); it now
-- also names the seat: the computer and user it was made at ("biuro-3:anowak", seat.py), so an office
-- sharing one database can tell two desks of the same accountant apart. '' for entries made before.
-- audit_log.payer_id: the client an entry is about when its entity is not the payer itself (a deleted
-- payment, an opened letter), so the per-client view finds it; NULL when unknown or not about one client.

ALTER TABLE audit_log ADD COLUMN seat TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN payer_id INTEGER;
ALTER TABLE document_transitions ADD COLUMN seat TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN seat TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_payer ON audit_log (payer_id);
