"""The workspace schema as one portable SQLAlchemy ``MetaData`` (issue 15, step A1).

It describes what the numbered migrations (``store/migrations/0001…0015``) build, table by table, in
types both SQLite and PostgreSQL take (docs/architecture.md, "Storage"; the refactor plan, 2.4):

- ids: ``INTEGER PRIMARY KEY`` on SQLite (the rowid alias, as today), ``bigint`` identity on PostgreSQL;
- timestamps, dates and periods: text (ISO-8601 from the program's clock; ``COLLATE "C"`` on PostgreSQL
  so comparisons never depend on the server's locale); money: text (``Decimal`` in Python);
- booleans and counters: integers; XML: BLOB / ``bytea``;
- no timestamp DEFAULTs: the legacy defaults (SQLite's own clock) are left out on purpose, since every
  INSERT passes its time from the clock (a path that forgot would fail loudly on PostgreSQL).

Nothing imports this at run time yet: ``tests/unit/test_store_schema.py`` checks that it equals the
legacy chain's result on SQLite, so the Alembic baseline (step A7) and the PostgreSQL office (issue 16)
can be created from it. When a migration changes the schema, change this file with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.dialects import postgresql

metadata = MetaData()

#: ISO-8601 timestamps, dates ('' for none) and YYYY-MM periods: compared as text, byte by byte; also the
#: text columns stores ORDER BY in SQL (accountants' names, the outbox's and document lists' sortable
#: columns), so PostgreSQL orders them as SQLite's BINARY collation does whatever the server's locale
Stamp = Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")
#: row ids: SQLite's INTEGER PRIMARY KEY (the rowid), bigint on PostgreSQL
RowId = BigInteger().with_variant(Integer(), "sqlite")


def _id() -> Column[Any]:
    return Column("id", RowId, Identity(), primary_key=True)


def _text(name: str, default: str | None = None, *, nullable: bool = False, stamp: bool = False) -> Column[Any]:
    """A NOT NULL text column (``default``: its SQL default, e.g. '' for "none"; ``stamp``: compared and
    ordered byte by byte, see :data:`Stamp`)."""
    return Column(name, Stamp if stamp else Text(), nullable=nullable,
                  server_default=default if default is not None else None)


def _int(name: str, default: int | None = None, *, nullable: bool = False) -> Column[Any]:
    return Column(name, Integer(), nullable=nullable,
                  server_default=text(str(default)) if default is not None else None)


def _ref(name: str, target: str, *, nullable: bool = False, ondelete: str | None = None) -> Column[Any]:
    return Column(name, RowId, ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _in(column: str, values: tuple[str, ...]) -> CheckConstraint:
    return CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})")


# -- 0001: the register ------------------------------------------------------------------------------
payers = Table(
    "payers", metadata, _id(),
    _text("nip"), _text("regon", ""), _text("pesel", ""), _text("full_name"), _text("short_name"),
    _text("payer_type"), _text("first_name", ""), _text("last_name", ""), _text("birth_date", "", stamp=True),
    _text("street", ""), _text("house_no", ""), _text("flat_no", ""), _text("postal_code", ""), _text("city", ""),
    _text("email", ""), _text("phone", ""), _text("accident_rate", "1.67"), _text("bank_account", ""),
    _text("notes", ""), _text("contribution_scheme", ""), _text("health_tax_form", ""), _int("archived", 0),
    _text("created_at", stamp=True), _text("updated_at", stamp=True),
    _in("payer_type", ("budget", "legal", "other")),
)
Index("payers_nip", payers.c.nip, unique=True)
Index("payers_name", payers.c.short_name)  # the legacy index is COLLATE NOCASE; names sort in Python now

insured_persons = Table(
    "insured_persons", metadata, _id(),
    _ref("payer_id", "payers.id", ondelete="RESTRICT"), _text("pesel", ""), _text("document_type", ""),
    _text("document_number", ""), _text("created_at", stamp=True),
)
Index("insured_payer_pesel", insured_persons.c.payer_id, insured_persons.c.pesel, unique=True,
      sqlite_where=text("pesel <> ''"), postgresql_where=text("pesel <> ''"))
Index("insured_payer_doc", insured_persons.c.payer_id, insured_persons.c.document_type,
      insured_persons.c.document_number, unique=True,
      sqlite_where=text("pesel = ''"), postgresql_where=text("pesel = ''"))

insured_records = Table(
    "insured_records", metadata, _id(),
    _ref("person_id", "insured_persons.id", ondelete="CASCADE"), _text("valid_from", stamp=True),
    _text("first_name"), _text("second_name", ""), _text("last_name"), _text("birth_date", stamp=True),
    _text("street", ""), _text("house_no", ""), _text("flat_no", ""), _text("postal_code", ""), _text("city", ""),
    _text("insurance_title_code"), _int("work_time_numerator", 1), _int("work_time_denominator", 1),
    _text("gross_pay", "0.00"), _text("start_date", stamp=True), _text("end_date", "", stamp=True),
    _int("voluntary_sickness", 0), _text("recorded_at", stamp=True), _text("recorded_by", ""),
)
Index("insured_records_person", insured_records.c.person_id, insured_records.c.valid_from)

accountants = Table(
    "accountants", metadata, _id(),
    _text("name", stamp=True), _text("pesel", ""), _text("email", ""), _int("active", 1),
    UniqueConstraint("name"),
)

authorisations = Table(
    "authorisations", metadata, _id(),
    _ref("payer_id", "payers.id", ondelete="CASCADE"), _ref("accountant_id", "accountants.id", ondelete="RESTRICT"),
    _text("scope", "full"), _text("reference", ""), _text("valid_from", stamp=True),
    _text("valid_to", "", stamp=True), _int("revoked", 0), _text("created_at", stamp=True),
)
Index("authorisations_payer", authorisations.c.payer_id)

audit_log = Table(
    "audit_log", metadata, _id(),
    _text("at", stamp=True), _text("actor", ""), _text("action"), _text("entity", ""),
    _int("entity_id", nullable=True), _text("details", ""),
    _text("seat", ""), _int("payer_id", nullable=True),  # 0011
)
Index("audit_entity", audit_log.c.entity, audit_log.c.entity_id)
Index("audit_log_payer", audit_log.c.payer_id)

# -- 0002 (0010), 0007: declarations ------------------------------------------------------------------
_ONE_BUILT = "source = 'built' AND kind = 'monthly' AND supersedes IS NULL"
SET_STATES = ("draft", "verified", "signed", "queued", "sent", "accepted", "rejected")
document_sets = Table(
    "document_sets", metadata, _id(),
    _ref("payer_id", "payers.id", nullable=True), _text("payer_nip", ""), _text("payer_pesel", ""),
    _text("payer_name", "", stamp=True), _text("period", "", stamp=True), _text("kind"),
    _text("number", "01", stamp=True),
    _ref("correction_of", "document_sets.id", nullable=True), _ref("supersedes", "document_sets.id", nullable=True),
    _text("status"), _text("forms", ""), _text("to_pay", "0.00"),
    Column("xml", LargeBinary(), nullable=False), _text("xml_sha256"),
    Column("signed_xml", LargeBinary(), nullable=True), _text("signed_sha256", nullable=True),
    _text("signer_info", ""), _text("source", "built"), _text("verification", ""),
    _text("verified_at", "", stamp=True), _text("created_at", stamp=True), _text("created_by", ""),
    _text("updated_at", stamp=True), _text("params_note", ""),
    _in("kind", ("monthly", "registration")), _in("status", SET_STATES),
)
Index("document_sets_payer", document_sets.c.payer_id, document_sets.c.period)
Index("document_sets_status", document_sets.c.status)
Index("document_sets_one_built", document_sets.c.payer_id, document_sets.c.period, document_sets.c.kind,
      document_sets.c.number, unique=True,  # 0012: one built set per payer, month and number
      sqlite_where=text(_ONE_BUILT), postgresql_where=text(_ONE_BUILT))

documents = Table(
    "documents", metadata, _id(),
    _ref("set_id", "document_sets.id", ondelete="CASCADE"), _int("position"), _text("form"), _int("blocks", 0),
    _text("person", ""),
    UniqueConstraint("set_id", "position"),
)

document_transitions = Table(
    "document_transitions", metadata, _id(),
    _ref("set_id", "document_sets.id", ondelete="CASCADE"), _text("from_status", ""), _text("to_status"),
    _text("at", stamp=True), _text("actor", ""), _text("note", ""),
    _text("seat", ""),  # 0011
)
Index("document_transitions_set", document_transitions.c.set_id)

absences = Table(
    "absences", metadata, _id(),
    _ref("payer_id", "payers.id"), _ref("insured_id", "insured_persons.id"), _text("code"),
    _text("date_from", stamp=True), _text("date_to", stamp=True), _int("days", nullable=True), _text("amount", ""),
    _text("created_at", stamp=True), _text("created_by", ""),
)
Index("absences_payer", absences.c.payer_id, absences.c.date_from)

# -- 0003, 0008: the gateway outbox ---------------------------------------------------------------------
gateway_pins = Table(
    "gateway_pins", metadata,
    Column("gateway_key", Text(), primary_key=True),
    _text("encryption_cert"), _text("receipt_cert"), _text("receipt_cert_sha256"), _text("pinned_at", stamp=True),
)

gateway_certs = Table(
    "gateway_certs", metadata,
    Column("sha256", Text(), primary_key=True), _text("pem"),
)

SUBMISSION_STATES = ("queued", "sent", "in_progress", "accepted", "rejected", "failed_retryable", "failed",
                     "receipt_invalid")
#: a submission still with the gateway (or on its way): at most one per document and per set
_LIVE = "state NOT IN ('rejected', 'failed') AND duplicate_of IS NULL"
submissions = Table(
    "submissions", metadata, _id(),
    _text("idempotency_key"), _text("gateway_key"), _text("gateway_url"), _text("profile"),
    _int("document_set_id", nullable=True), _text("source_name", "", stamp=True), _text("payer_nip", "", stamp=True),
    _text("payer_pesel", ""), _text("payer_name", "", stamp=True), _text("period", "", stamp=True),
    _text("forms", "", stamp=True),
    _text("document_path"), _text("document_sha256"), _text("package_path"), _text("package_sha256"),
    _text("package_type"), _text("receipt_cert_sha256"), _text("state", stamp=True),
    _text("reference", nullable=True, stamp=True),
    _int("gateway_status", nullable=True), _int("attempts", 0), _text("next_attempt_at", stamp=True),
    _text("last_error", ""), _text("actor", ""), _text("created_at", stamp=True),
    _text("sent_at", nullable=True, stamp=True), _text("finished_at", nullable=True, stamp=True),
    _text("updated_at", stamp=True),
    _text("created_by", ""), _text("claimed_by", ""), _text("claimed_at", "", stamp=True),
    _text("claimed_until", "", stamp=True), _ref("duplicate_of", "submissions.id", nullable=True),
    _text("seat", ""),  # 0011
    UniqueConstraint("idempotency_key"),
    _in("state", SUBMISSION_STATES),
)
Index("submissions_state", submissions.c.state, submissions.c.next_attempt_at)
Index("submissions_payer", submissions.c.payer_nip, submissions.c.period)
Index("submissions_period", submissions.c.period)
Index("submissions_created", submissions.c.created_at)
Index("submissions_reference", submissions.c.reference)
Index("submissions_set", submissions.c.document_set_id)
Index("submissions_one_live_document", submissions.c.document_sha256, unique=True,
      sqlite_where=text(_LIVE), postgresql_where=text(_LIVE))
Index("submissions_one_live_set", submissions.c.document_set_id, unique=True,
      sqlite_where=text(f"document_set_id IS NOT NULL AND {_LIVE}"),
      postgresql_where=text(f"document_set_id IS NOT NULL AND {_LIVE}"))
Index("submissions_claimed", submissions.c.claimed_by)

receipts = Table(
    "receipts", metadata, _id(),
    _ref("submission_id", "submissions.id"), _text("reference"), _int("status_code"), _int("accepted"),
    _text("received_at", "", stamp=True), _text("issued_at", "", stamp=True), _text("path"), _text("sha256"),
    _int("verified"), _text("problem", ""), _text("errors_json", "[]"), _text("stored_at", stamp=True),
    UniqueConstraint("submission_id"),
)
Index("receipts_reference", receipts.c.reference)

# -- 0004: e-visits -------------------------------------------------------------------------------------
visits = Table(
    "visits", metadata, _id(),
    _text("client_request_id"), _text("remote_id", ""), _text("status"), _text("topic"), _text("unit_id"),
    _text("start_utc", "", stamp=True), _int("slot_minutes", 20),
    _ref("payer_id", "payers.id", nullable=True, ondelete="SET NULL"), _text("client_key", ""),
    _text("join_url", ""), _text("request_json"), _text("last_error", ""), _text("created_at", stamp=True),
    _text("updated_at", stamp=True),
    UniqueConstraint("client_request_id"),
    _in("status", ("pending", "booked", "cancelled", "rejected")),
)
Index("visits_start", visits.c.start_utc)
Index("visits_payer", visits.c.payer_id)
Index("visits_client", visits.c.client_key)

visit_unit_choices = Table(
    "visit_unit_choices", metadata,
    Column("client_key", Text(), primary_key=True), Column("postal_code", Text(), primary_key=True),
    _text("unit_id"), _text("unit_name", ""), _text("chosen_at", stamp=True),
)

# -- 0005, 0008: month-end runs; the NRS entered from ZUS's letter ------------------------------------
month_runs = Table(
    "month_runs", metadata, _id(),
    _text("period", stamp=True), _text("state"), _text("phase", "build"), _int("submit", 1), _text("actor", ""),
    _text("created_at", stamp=True), _text("updated_at", stamp=True), _text("finished_at", "", stamp=True),
    _in("state", ("open", "waiting", "done", "cancelled")),
)
Index("month_runs_period", month_runs.c.period)

month_run_clients = Table(
    "month_run_clients", metadata,
    Column("run_id", RowId, ForeignKey("month_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("payer_id", RowId, ForeignKey("payers.id"), primary_key=True),
    _int("position"), _text("step"), _int("set_id", nullable=True), _int("submission_id", nullable=True),
    _int("warnings", 0), _int("errors", 0), _text("changes", "[]"), _text("failed_step", ""), _text("error", ""),
    _text("actor", ""), _text("updated_at", stamp=True), _text("note", ""),
    _in("step", ("pending", "built", "verified", "signed", "submitted", "accepted", "rejected", "failed")),
)

payer_contribution_accounts = Table(
    "payer_contribution_accounts", metadata,
    Column("payer_id", RowId, ForeignKey("payers.id", ondelete="CASCADE"), primary_key=True),
    _text("nrs"), _text("entered_by", ""), _text("entered_at", stamp=True),
)

# -- 0006: the payer's account --------------------------------------------------------------------------
account_dues = Table(
    "account_dues", metadata,
    Column("set_id", RowId, ForeignKey("document_sets.id", ondelete="CASCADE"), primary_key=True),
    _ref("payer_id", "payers.id"), _text("period", stamp=True), _text("number"),
    _text("fus"), _text("fuz"), _text("fp_fs"), _text("fgsp"), _text("fep"), _text("total"),
)
Index("account_dues_payer", account_dues.c.payer_id, account_dues.c.period)

statement_imports = Table(
    "statement_imports", metadata, _id(),
    _text("file_name"), _text("file_sha256"), _text("format"), _text("own_account", ""), _int("transactions"),
    _int("matched"), _int("ignored"), _int("duplicates"), _text("imported_at", stamp=True), _text("actor", ""),
)

bank_transactions = Table(
    "bank_transactions", metadata, _id(),
    _text("identity"), _ref("import_id", "statement_imports.id", nullable=True), _text("source"),
    _text("booked_on", stamp=True), _text("amount"), _text("currency", "PLN"), _text("direction"),
    _text("own_account", ""), _text("counterparty_account", ""), _text("counterparty_name", ""), _text("title", ""),
    _text("reference", ""), _ref("payer_id", "payers.id", nullable=True), _text("status"), _text("reason", ""),
    _text("created_at", stamp=True), _text("created_by", ""),
    UniqueConstraint("identity"),
    _in("direction", ("debit", "credit")), _in("status", ("matched", "ignored")),
)
Index("bank_transactions_payer", bank_transactions.c.payer_id, bank_transactions.c.booked_on)

# -- 0009: letters from ZUS, UPDs, notifications ---------------------------------------------------------
letters = Table(
    "letters", metadata, _id(),
    _text("gateway_key"), _text("letter_id"), _text("payer_nip"), _text("payer_name", ""), _text("title"),
    _text("kind"), _text("placed_at", stamp=True), _text("content_sha256"), _int("content_size", 0),
    _text("in_reply_to", ""), _text("remote_state"), _text("remote_delivered_at", "", stamp=True),
    _text("first_seen_at", stamp=True), _text("updated_at", stamp=True), _text("content_path", ""),
    _text("content_file_sha256", ""), _text("pdf_path", ""), _int("verified", nullable=True), _text("problem", ""),
    _text("read_at", "", stamp=True),
    UniqueConstraint("gateway_key", "letter_id"),
)
Index("letters_payer", letters.c.payer_nip, letters.c.placed_at)

letter_upds = Table(
    "letter_upds", metadata, _id(),
    _ref("letter_row_id", "letters.id"), _text("path"), _text("sha256"), _text("signer", ""),
    _text("signed_at", stamp=True), _text("state"), _text("answer", ""), _text("sent_at", "", stamp=True),
    _text("updated_at", stamp=True),
    UniqueConstraint("letter_row_id"),
    _in("state", ("signed", "accepted", "superseded", "refused")),
)

notifications = Table(
    "notifications", metadata, _id(),
    _text("event_key"), _text("kind"), _text("subject"), _text("body"), _text("created_at", stamp=True),
    _text("emailed_at", "", stamp=True), _text("email_error", ""), _text("shown_at", "", stamp=True),
    UniqueConstraint("event_key"),
)

# -- 0012: who holds a set (editing, signing) ----------------------------------------------------------
holds = Table(
    "holds", metadata,
    Column("entity", Text(), primary_key=True), Column("entity_id", RowId, primary_key=True, autoincrement=False),
    _text("holder"), _text("seat", ""), _text("actor", ""), _text("purpose", ""),
    _text("since", stamp=True), _text("until", stamp=True),
)


# -- 0012 on PostgreSQL: the change feed (store/watch.py) --------------------------------------------------
#: table → the event-bus topic other seats get when it changes (NOTIFY eplatnik, JSON {topic, seat})
CHANGE_FEED: dict[str, str] = {
    "document_sets": "documents.changed", "document_transitions": "documents.changed",
    "submissions": "gateway.submission", "receipts": "gateway.submission",
    "payers": "register.changed", "insured_persons": "register.changed", "insured_records": "register.changed",
    "month_runs": "month.changed", "month_run_clients": "month.changed",
    "letters": "letters.changed", "letter_upds": "letters.changed",
    "bank_transactions": "account.changed", "account_dues": "account.changed",
    "visits": "visits.changed", "holds": "holds.changed", "workspace_settings": "settings.changed",
    "workspace_files": "files.changed",
}
#: tables whose rows are rewritten without news for other seats (a claim's or a hold's lease renewed):
#: a row trigger that fires only when the named column changes
_FEED_WHEN = {"submissions": "state", "holds": "holder"}
FEED_FUNCTION = (
    "CREATE OR REPLACE FUNCTION eplatnik_notify() RETURNS trigger LANGUAGE plpgsql AS '"
    "BEGIN PERFORM pg_notify(''eplatnik'', json_build_object(''topic'', TG_ARGV[0], "
    "''seat'', current_setting(''application_name''))::text); RETURN NULL; END'"
)


def change_feed_ddl() -> list[str]:
    """The PostgreSQL function and triggers that NOTIFY other seats of a committed change (PostgreSQL
    delivers at commit, once per distinct payload and transaction, so a bulk write is one message)."""
    statements = [FEED_FUNCTION]
    for table, topic in CHANGE_FEED.items():
        column = _FEED_WHEN.get(table)
        if column is None:
            statements.append(f"CREATE TRIGGER {table}_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                              f"FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('{topic}')")
        else:
            statements.append(f"CREATE TRIGGER {table}_feed AFTER INSERT OR DELETE ON {table} "
                              f"FOR EACH STATEMENT EXECUTE FUNCTION eplatnik_notify('{topic}')")
            statements.append(f"CREATE TRIGGER {table}_feed_change AFTER UPDATE ON {table} FOR EACH ROW "
                              f"WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) "
                              f"EXECUTE FUNCTION eplatnik_notify('{topic}')")
    return statements


def _create_change_feed(_target: Any, connection: Any, **_kw: Any) -> None:
    if connection.dialect.name == "postgresql":  # again on a create_all over existing tables: replaced
        for table in CHANGE_FEED:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_feed ON {table}")
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_feed_change ON {table}")
        for statement in change_feed_ddl():
            connection.exec_driver_sql(statement)


event.listen(metadata, "after_create", _create_change_feed)


# -- 0013: evidence bytes (store/evidence.py DbEvidence; empty in a SQLite workspace) -------------------
evidence_files = Table(
    "evidence_files", metadata,
    Column("path", Text(), primary_key=True), _text("sha256"),
    Column("size", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("data", LargeBinary(), nullable=False), _text("stored_at", stamp=True),
)


# -- 0014: the settings the whole office shares (settings.py, scope "workspace"; value: JSON) ----------------
workspace_settings = Table(
    "workspace_settings", metadata,
    Column("key", Text(), primary_key=True), _text("value"), _text("changed_at", stamp=True), _text("changed_by", ""),
)


# -- 0015: files the whole workspace shares (store/workspace_files.py): installed parameter years, the
# official KEDU schema, the trusted CA bundle — bytes with their SHA-256, checked on every read ------------
workspace_files = Table(
    "workspace_files", metadata,
    Column("kind", Text(), primary_key=True), Column("key", Text(), primary_key=True, server_default=""),
    _text("name"), _text("sha256"),
    Column("size", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("data", LargeBinary(), nullable=False), _text("changed_at", stamp=True), _text("changed_by", ""),
)
