-- 0012 on PostgreSQL (see ../0012_holds_and_feed.sql): holds, one built set per payer/month/number, and
-- the change feed: triggers that NOTIFY the channel eplatnik with {"topic", "seat"} when a watched table
-- changes, so the other seats' programs (store/watch.py, LISTEN) refresh what they show. The triggers are
-- the ones store/schema.py's change_feed_ddl() creates for a new office database.

CREATE TABLE holds (
    entity    TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    holder    TEXT NOT NULL,
    seat      TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL DEFAULT '',
    purpose   TEXT NOT NULL DEFAULT '',
    since     TEXT COLLATE "C" NOT NULL,
    until     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity, entity_id)
);
UPDATE document_sets SET source = 'built:duplicate'
 WHERE source = 'built' AND kind = 'monthly' AND supersedes IS NULL AND EXISTS (
     SELECT 1 FROM document_sets o
      WHERE o.source = 'built' AND o.kind = 'monthly' AND o.supersedes IS NULL AND o.payer_id = document_sets.payer_id
        AND o.period = document_sets.period AND o.number = document_sets.number AND o.id < document_sets.id);
CREATE UNIQUE INDEX document_sets_one_built ON document_sets (payer_id, period, kind, number)
    WHERE source = 'built' AND kind = 'monthly' AND supersedes IS NULL;
CREATE OR REPLACE FUNCTION eplatnik_notify() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN PERFORM pg_notify(''eplatnik'', json_build_object(''topic'', TG_ARGV[0], ''seat'', current_setting(''application_name''))::text); RETURN NULL; END';
CREATE TRIGGER document_sets_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document_sets FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('documents.changed');
CREATE TRIGGER document_transitions_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document_transitions FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('documents.changed');
CREATE TRIGGER submissions_feed AFTER INSERT OR DELETE ON submissions FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('gateway.submission');
CREATE TRIGGER submissions_feed_change AFTER UPDATE ON submissions FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION eplatnik_notify('gateway.submission');
CREATE TRIGGER receipts_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON receipts FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('gateway.submission');
CREATE TRIGGER payers_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON payers FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('register.changed');
CREATE TRIGGER insured_persons_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON insured_persons FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('register.changed');
CREATE TRIGGER insured_records_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON insured_records FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('register.changed');
CREATE TRIGGER month_runs_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON month_runs FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('month.changed');
CREATE TRIGGER month_run_clients_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON month_run_clients FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('month.changed');
CREATE TRIGGER letters_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON letters FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('letters.changed');
CREATE TRIGGER letter_upds_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON letter_upds FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('letters.changed');
CREATE TRIGGER bank_transactions_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bank_transactions FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('account.changed');
CREATE TRIGGER account_dues_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_dues FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('account.changed');
CREATE TRIGGER visits_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON visits FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('visits.changed');
CREATE TRIGGER holds_feed AFTER INSERT OR DELETE ON holds FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('holds.changed');
CREATE TRIGGER holds_feed_change AFTER UPDATE ON holds FOR EACH ROW WHEN (OLD.holder IS DISTINCT FROM NEW.holder) EXECUTE FUNCTION eplatnik_notify('holds.changed');
