"""All SQL of the documents area: document sets, their documents and transitions, absences.

Portable SQL only (ids from ``RETURNING``, no ``lastrowid``, no ``IS ?``, timestamps from the
program's clock passed in by the service). The lifecycle's rules stay in ``DocumentService``: the
store reads the current state inside the write transaction and asks the service's ``decide``
function what to do with it, so "read, then write" happens under one lock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from ..store.conn import Conn
from ..store.database import Database
from ..store.schema import document_sets, payers
from .absences import Absence
from .model import SetStatus
from .sets import SetInfo

R = TypeVar("R")

_INFO_COLUMNS = ("id, payer_id, payer_nip, payer_name, period, kind, number, status, forms, to_pay, xml_sha256, "
                 "signed_sha256, correction_of, supersedes, source, created_at, created_by, verified_at, params_note")


@dataclass
class NewSet:
    """The columns of a set about to be stored (its documents listed as (form, blocks, person))."""
    payer_id: int | None
    payer_nip: str
    payer_pesel: str
    payer_name: str
    period: str
    kind: str
    number: str
    correction_of: int | None
    forms: str
    to_pay: str
    xml: bytes
    xml_sha256: str
    source: str = ""
    params_note: str = ""
    supersedes: int | None = None
    documents: list[tuple[str, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Signed:
    """The signed bytes stored with the move to ``signed``."""
    xml: bytes
    sha256: str
    signer_info: str


def _info(row: Any) -> SetInfo:
    return SetInfo(row["id"], row["payer_id"], row["payer_nip"], row["payer_name"], row["period"], row["kind"],
                   row["number"], SetStatus(row["status"]), row["forms"], Decimal(row["to_pay"]),
                   row["xml_sha256"], row["signed_sha256"], row["correction_of"], row["supersedes"],
                   row["source"], row["created_at"], row["created_by"], row["verified_at"],
                   json.loads(row["params_note"]) if row["params_note"] else [])


def _absence(r: Any) -> Absence:
    return Absence(insured_id=r["insured_id"], code=r["code"], date_from=date.fromisoformat(r["date_from"]),
                   date_to=date.fromisoformat(r["date_to"]), amount=Decimal(r["amount"]) if r["amount"] else None,
                   payer_id=r["payer_id"], id=r["id"])


class DocumentStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def atomically(self, fn: Callable[[], R]) -> R:
        """Run ``fn`` in one write transaction: the store calls it makes (and those of other stores on
        the same database, e.g. the register's during an import) commit together or not at all."""
        return self.db.transaction(lambda _conn: fn())

    # -- sets: reads -----------------------------------------------------------------------------------
    def list_sets(self, *, payer_id: int | None = None, period: str | None = None, status: str | None = None,
                  kind: str | None = None) -> list[SetInfo]:
        sql, params = f"SELECT {_INFO_COLUMNS} FROM document_sets WHERE 1=1", []
        for column, value in (("payer_id", payer_id), ("period", period), ("status", status), ("kind", kind)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        sql += " ORDER BY period, payer_name, number, id"
        return self.db.run(lambda c: [_info(r) for r in c.execute(sql, tuple(params)).fetchall()])

    def get_info(self, set_id: int) -> SetInfo | None:
        row = self.db.run(lambda c: c.execute(f"SELECT {_INFO_COLUMNS} FROM document_sets WHERE id = ?",
                                              (set_id,)).fetchone())
        return _info(row) if row is not None else None

    def xml(self, set_id: int) -> tuple[bytes, bytes | None] | None:
        """(unsigned KEDU bytes, signed bytes or None); None when there is no such set."""
        row = self.db.run(lambda c: c.execute("SELECT xml, signed_xml FROM document_sets WHERE id = ?",
                                              (set_id,)).fetchone())
        if row is None:
            return None
        return bytes(row["xml"]), (bytes(row["signed_xml"]) if row["signed_xml"] is not None else None)

    def transitions(self, set_id: int) -> list[dict[str, Any]]:
        rows = self.db.run(lambda c: c.execute(
            "SELECT from_status, to_status, at, actor, note FROM document_transitions WHERE set_id = ? ORDER BY id",
            (set_id,)).fetchall())
        return [dict(r) for r in rows]

    def params_notes(self, set_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        if not set_ids:
            return {}
        marks = ",".join("?" * len(set_ids))
        rows = self.db.run(lambda c: c.execute(
            f"SELECT id, params_note FROM document_sets WHERE params_note != '' AND id IN ({marks})",
            tuple(set_ids)).fetchall())
        return {int(r["id"]): json.loads(r["params_note"]) for r in rows}

    def stored_findings(self, set_id: int) -> list[dict[str, Any]]:
        row = self.db.run(lambda c: c.execute("SELECT verification FROM document_sets WHERE id = ?",
                                              (set_id,)).fetchone())
        return json.loads(row[0]) if row is not None and row[0] else []

    def last_transition_to(self, set_id: int, status: SetStatus) -> tuple[str, str]:
        """(actor, at) of the latest move of ``set_id`` into ``status`` (("", "") when none)."""
        row = self.db.run(lambda c: c.execute(
            "SELECT actor, at FROM document_transitions WHERE set_id = ? AND to_status = ? ORDER BY id DESC LIMIT 1",
            (set_id, str(status))).fetchone())
        return (row[0], row[1]) if row is not None else ("", "")

    def find_duplicate(self, payer_id: int | None, period: str, number: str, xml_sha256: str) -> int | None:
        """A stored set with the same payer, period, number and content (an import seen before)."""
        payer = "payer_id IS NULL" if payer_id is None else "payer_id = ?"
        params = (() if payer_id is None else (payer_id,)) + (period, number, xml_sha256)
        row = self.db.run(lambda c: c.execute(
            f"SELECT id FROM document_sets WHERE {payer} AND period = ? AND number = ? AND xml_sha256 = ?",
            params).fetchone())
        return int(row[0]) if row is not None else None

    # -- sets: writes ----------------------------------------------------------------------------------
    def insert(self, new: NewSet, *, actor: str, now: str, note: str) -> int:
        """Store a new draft set with its documents and first transition; returns its id."""
        return self.db.transaction(lambda c: self._insert(c, new, actor, now, note))

    def insert_unless_built(self, new: NewSet, *, actor: str, now: str, note: str) -> int:
        """The month's newest monthly set of the payer if one exists (another process may have built it
        a moment ago), else ``new`` stored; one write transaction."""
        def tx(c: Conn) -> int:
            if new.payer_id is not None:  # PostgreSQL: a second seat building this payer waits here, then finds it
                c.lock(payers, new.payer_id)
            row = c.execute("SELECT id FROM document_sets WHERE payer_id = ? AND period = ? AND kind = 'monthly' "
                            "ORDER BY number DESC, id DESC LIMIT 1", (new.payer_id, new.period)).fetchone()
            return int(row[0]) if row else self._insert(c, new, actor, now, note)
        return self.db.transaction(tx)

    def _insert(self, c: Conn, new: NewSet, actor: str, now: str, note: str) -> int:
        row = c.execute(
            "INSERT INTO document_sets (payer_id, payer_nip, payer_pesel, payer_name, period, kind, number, "
            "correction_of, supersedes, status, forms, to_pay, xml, xml_sha256, source, created_by, created_at, "
            "updated_at, params_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (new.payer_id, new.payer_nip, new.payer_pesel, new.payer_name, new.period, new.kind, new.number,
             new.correction_of, new.supersedes, new.forms, new.to_pay, new.xml, new.xml_sha256, new.source, actor,
             now, now, new.params_note)).fetchone()
        set_id = int(row[0])
        self._write_documents(c, set_id, new.documents)
        c.execute("INSERT INTO document_transitions (set_id, from_status, to_status, actor, note, at, seat) "
                  "VALUES (?, '', 'draft', ?, ?, ?, ?)", (set_id, actor, note, now, self.db.seat))
        return set_id

    @staticmethod
    def _write_documents(c: Conn, set_id: int, documents: list[tuple[str, int, str]]) -> None:
        c.execute("DELETE FROM documents WHERE set_id = ?", (set_id,))
        for n, (form, blocks, person) in enumerate(documents, 1):
            c.execute("INSERT INTO documents (set_id, position, form, blocks, person) VALUES (?, ?, ?, ?, ?)",
                      (set_id, n, form, blocks, person))

    def _record(self, c: Conn, set_id: int, frm: SetStatus, to: SetStatus, actor: str, note: str, now: str) -> None:
        c.execute("INSERT INTO document_transitions (set_id, from_status, to_status, actor, note, at, seat) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", (set_id, str(frm), str(to), actor, note, now, self.db.seat))

    def replace_xml(self, set_id: int, new: NewSet, *, actor: str, now: str, note: str,
                    params_note: str | None = None) -> None:
        """New content for a draft/verified set: back to draft, verification cleared, recorded.
        ``params_note`` replaces the stored one (a rebuild from the register)."""
        def tx(c: Conn) -> None:
            c.lock(document_sets, set_id)
            status = c.execute("SELECT status FROM document_sets WHERE id = ?", (set_id,)).fetchone()[0]
            c.execute("UPDATE document_sets SET xml = ?, xml_sha256 = ?, status = 'draft', forms = ?, to_pay = ?, "
                      "verification = '', verified_at = '', updated_at = ? WHERE id = ?",
                      (new.xml, new.xml_sha256, new.forms, new.to_pay, now, set_id))
            self._write_documents(c, set_id, new.documents)
            if params_note is not None:
                c.execute("UPDATE document_sets SET params_note = ? WHERE id = ?", (params_note, set_id))
            self._record(c, set_id, SetStatus(status), SetStatus.DRAFT, actor, note, now)
        self.db.transaction(tx)

    def move(self, set_id: int, to: SetStatus, check: Callable[[SetStatus | None], None], *, actor: str, now: str,
             note: str, signed: Signed | None = None) -> None:
        """Move a set to ``to`` in one write transaction; ``check(current status or None)`` raises when
        the lifecycle does not allow it (nothing is written then). ``signed`` is stored with the move."""
        def tx(c: Conn) -> None:
            c.lock(document_sets, set_id)  # PostgreSQL: two seats moving one set take turns (risky point 1)
            row = c.execute("SELECT status FROM document_sets WHERE id = ?", (set_id,)).fetchone()
            current = SetStatus(row[0]) if row is not None else None
            check(current)
            assert current is not None
            if signed is not None:
                c.execute("UPDATE document_sets SET signed_xml = ?, signed_sha256 = ?, signer_info = ? WHERE id = ?",
                          (signed.xml, signed.sha256, signed.signer_info, set_id))
            c.execute("UPDATE document_sets SET status = ?, updated_at = ? WHERE id = ?", (str(to), now, set_id))
            self._record(c, set_id, current, to, actor, note, now)
        self.db.transaction(tx)

    def record_verification(self, set_id: int, findings_json: str, decide: Callable[[SetStatus], SetStatus], *,
                            actor: str, now: str) -> SetStatus:
        """Store a verification's findings; ``decide(status)`` names the state the set moves to."""
        def tx(c: Conn) -> SetStatus:
            c.lock(document_sets, set_id)
            status = SetStatus(c.execute("SELECT status FROM document_sets WHERE id = ?", (set_id,)).fetchone()[0])
            c.execute("UPDATE document_sets SET verification = ?, verified_at = ? WHERE id = ?",
                      (findings_json, now, set_id))
            new = decide(status)
            if new != status:
                c.execute("UPDATE document_sets SET status = ? WHERE id = ?", (str(new), set_id))
                self._record(c, set_id, status, new, actor, "verification", now)
            return new
        return self.db.transaction(tx)

    # -- absences --------------------------------------------------------------------------------------
    def add_absence(self, absence: Absence, *, actor: str, now: str) -> int:
        amount = f"{absence.amount:.2f}" if absence.amount is not None else ""
        return self.db.transaction(lambda c: int(c.execute(
            "INSERT INTO absences (payer_id, insured_id, code, date_from, date_to, amount, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (absence.payer_id, absence.insured_id, absence.code, absence.date_from.isoformat(),
             absence.date_to.isoformat(), amount, actor, now)).fetchone()[0]))

    def delete_absence(self, absence_id: int) -> None:
        self.db.transaction(lambda c: c.execute("DELETE FROM absences WHERE id = ?", (absence_id,)))

    def absences_between(self, payer_id: int, first: date, last: date) -> list[Absence]:
        """The payer's absences that overlap ``first``..``last``."""
        rows = self.db.run(lambda c: c.execute(
            "SELECT * FROM absences WHERE payer_id = ? AND date_from <= ? AND date_to >= ? ORDER BY date_from, id",
            (payer_id, last.isoformat(), first.isoformat())).fetchall())
        return [_absence(r) for r in rows]
