"""The audit log (table ``audit_log``): who changed what, when, and at which desk.

An entry is written inside the transaction of the change it records (``record(conn, …)``), so a
change and its entry are stored together or not at all. The time comes from the clock; the seat
(``computer:user``) and, unless given, the accountant come from the database's ``identify``.

``for_client`` is the per-client view (issue 16): the audit log's entries about the client (the payer,
its insured, authorisations, payments, letters) together with the history other areas keep already and
that is not copied here — the documents' transitions (built, edited, verified, signed, sent, accepted),
the applications sent through the outbox (relief) and the absences entered (their author and time; no
seat is kept for them) — newest first, described in words.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from ..audit_entry import AuditEntry
from ..clock import WARSAW, Clock
from ..errors import UserFacingError
from ..i18n import t
from .audit_words import describe_absence, describe_audit, describe_submission, describe_transition
from .conn import Conn
from .database import Database

NO_PAYER = t("Nie ma płatnika o identyfikatorze {key}.", "There is no payer {key}.")
NO_PAYER_HINT = t("Podaj NIP płatnika z rejestru (lista: eplatnik-cli payers list).",
                  "Give the NIP of a payer in the register (list: eplatnik-cli payers list).")


class AuditLog:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock

    def record(self, conn: Conn, actor: str | None, action: str, entity: str, entity_id: int | None,
               details: str = "", *, at: str | None = None, payer_id: int | None = None) -> None:
        """One entry, in the transaction ``conn`` belongs to; ``at`` (ISO UTC) defaults to the clock's now,
        ``actor`` (None) to the accountant named at this seat; ``payer_id``: the client it is about."""
        if at is None:
            if self.clock is None:
                raise ValueError("an audit entry needs a time: pass at= or give the AuditLog a clock")
            at = self.clock.now_iso()
        if actor is None:
            actor = self.db.actor()
        _write(conn, "INSERT INTO audit_log (actor, action, entity, entity_id, details, at, seat, payer_id) "
                     "VALUES (:actor, :action, :entity, :entity_id, :details, :at, :seat, :payer_id)",
               actor=actor, action=action, entity=entity, entity_id=entity_id, details=details, at=at,
               seat=self.db.seat, payer_id=payer_id)

    def entries(self, entity: str | None = None, entity_id: int | None = None) -> list[Any]:
        """Every entry (or those about one entity), oldest first; rows readable by column name."""
        where = "" if entity is None else " WHERE entity = :entity AND entity_id = :entity_id"
        return self.db.run(lambda c: _rows(c, f"SELECT * FROM audit_log{where} ORDER BY id",
                                           entity=entity, entity_id=entity_id))

    # -- the per-client view ----------------------------------------------------------------------------
    def for_client(self, payer: int | str, since: date | None = None,
                   lang: str | None = None) -> list[AuditEntry]:
        """Everything recorded about one client (payer id or NIP), newest first; ``since``: from that
        day on (a Polish calendar day, from midnight local time)."""
        after = "" if since is None else _utc_iso(datetime.combine(since, time(0), WARSAW))
        return self.db.snapshot(lambda c: self._for_client(c, payer, after, lang))

    def _for_client(self, c: Conn, payer: int | str, after: str, lang: str | None) -> list[AuditEntry]:
        row = _payer(c, payer)
        if row is None:
            raise UserFacingError(NO_PAYER(key=payer), hint=NO_PAYER_HINT)
        payer_id, nip = int(row["id"]), str(row["nip"])
        found: list[tuple[str, int, int, AuditEntry]] = []   # (at, source, id) orders equal times
        for r in _rows(c, "SELECT a.* FROM audit_log a WHERE a.at >= :after AND (a.payer_id = :payer"
                          " OR (a.entity = 'payer' AND a.entity_id = :payer)"
                          " OR (a.entity = 'insured' AND a.entity_id IN"
                          "     (SELECT id FROM insured_persons WHERE payer_id = :payer))"
                          " OR (a.entity = 'authorisation' AND a.entity_id IN"
                          "     (SELECT id FROM authorisations WHERE payer_id = :payer))"
                          " OR (a.entity = 'statement_import' AND a.entity_id IN"
                          "     (SELECT import_id FROM bank_transactions WHERE payer_id = :payer))"
                          " OR (a.entity = 'letter' AND a.entity_id IN"
                          "     (SELECT id FROM letters WHERE payer_nip = :nip)))",
                       after=after, payer=payer_id, nip=nip):
            what, obj = describe_audit(r["action"], r["entity"], r["entity_id"], r["details"],
                                       _names(c, r, payer_id), lang)
            found.append((r["at"], 2, int(r["id"]), AuditEntry(r["at"], r["actor"], r["seat"], r["action"],
                                                               what, obj, r["details"])))
        for r in _rows(c, "SELECT t.id, t.from_status, t.to_status, t.at, t.actor, t.seat, t.note,"
                          " s.id AS set_id, s.forms, s.period, s.kind"
                          " FROM document_transitions t JOIN document_sets s ON s.id = t.set_id"
                          " WHERE t.at >= :after"
                          " AND (s.payer_id = :payer OR (s.payer_id IS NULL AND s.payer_nip = :nip))",
                       after=after, payer=payer_id, nip=nip):
            what, obj = describe_transition(r, lang)
            found.append((r["at"], 1, int(r["id"]), AuditEntry(r["at"], r["actor"], r["seat"],
                                                               f"document.{r['to_status']}", what, obj, r["note"])))
        for r in _rows(c, "SELECT id, created_at, actor, seat, source_name, package_type, state, reference"
                          " FROM submissions WHERE created_at >= :after AND payer_nip = :nip"
                          " AND document_set_id IS NULL", after=after, nip=nip):
            action, what, obj, details = describe_submission(r, lang)
            found.append((r["created_at"], 0, int(r["id"]), AuditEntry(r["created_at"], r["actor"], r["seat"],
                                                                       action, what, obj, details)))
        for r in _rows(c, "SELECT a.id, a.code, a.date_from, a.date_to, a.created_at, a.created_by, p.pesel,"
                          " p.document_number FROM absences a JOIN insured_persons p ON p.id = a.insured_id"
                          " WHERE a.created_at >= :after AND a.payer_id = :payer", after=after, payer=payer_id):
            what, obj = describe_absence(r, lang)
            found.append((r["created_at"], 3, int(r["id"]), AuditEntry(r["created_at"], r["created_by"], "",
                                                                       "absence.add", what, obj, "")))
        found.sort(key=lambda e: e[:3], reverse=True)
        return [e[3] for e in found]


def _rows(c: Conn, sql: str, **params: Any) -> list[Any]:
    """Rows readable by column name, from SQLAlchemy Core (``text()`` with :named parameters): the same
    statement runs on SQLite and on an office's PostgreSQL (which refuses plain SQL strings)."""
    from sqlalchemy import text  # on the database thread: start-up does not import SQLAlchemy

    return list(c.execute(text(sql), params).mappings().all())


def _write(c: Conn, sql: str, **params: Any) -> None:
    from sqlalchemy import text

    c.execute(text(sql), params)


def _payer(c: Conn, payer: int | str) -> Any:
    if isinstance(payer, int):
        rows = _rows(c, "SELECT id, nip FROM payers WHERE id = :id", id=payer)
    else:
        rows = _rows(c, "SELECT id, nip FROM payers WHERE nip = :nip ORDER BY archived, id",
                     nip=re.sub(r"[\s-]", "", payer))
    return rows[0] if rows else None


def _names(c: Conn, r: Any, payer_id: int) -> dict[str, Any]:
    """What an entry's object is called today (the insured person's PESEL, the letter's title)."""
    entity, entity_id = r["entity"], r["entity_id"]
    if entity_id is None:
        return {}
    if entity == "insured":
        rows = _rows(c, "SELECT pesel, document_number FROM insured_persons WHERE id = :id", id=entity_id)
        return {"person": (rows[0]["pesel"] or rows[0]["document_number"]) if rows else ""}
    if entity == "letter":
        rows = _rows(c, "SELECT letter_id, title FROM letters WHERE id = :id", id=entity_id)
        return {"letter": f"{rows[0]['letter_id']} „{rows[0]['title']}”" if rows else ""}
    if entity == "statement_import":
        rows = _rows(c, "SELECT file_name, format FROM statement_imports WHERE id = :id", id=entity_id)
        paid = _rows(c, "SELECT amount, booked_on FROM bank_transactions WHERE import_id = :id AND payer_id = :payer"
                        " ORDER BY booked_on, id", id=entity_id, payer=payer_id)
        return {"file": rows[0]["file_name"] if rows else "", "format": rows[0]["format"] if rows else "",
                "amounts": [str(p["amount"]) for p in paid], "booked_on": str(paid[0]["booked_on"]) if paid else ""}
    return {}


def _utc_iso(moment: datetime) -> str:
    """As the clock stores instants (``Clock.now_iso``): UTC, milliseconds, ``Z``."""
    from datetime import UTC

    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
