"""The outbox: submissions stored before they are sent, their states, and queries over them.

States: ``queued`` (stored, key persisted, not yet acknowledged) → ``sent`` (the gateway gave a
reference) → ``in_progress`` (being checked) → ``accepted`` | ``rejected`` (receipt stored and
verified); ``failed_retryable`` (the last call failed, tried again later, same key, same bytes);
``failed`` (the gateway refused the transport itself, e.g. 1xx); ``receipt_invalid`` (a receipt came
but did not verify; kept and shown). All SQL of the gateway area is in this module and, for the
exactly-once claims shared by several processes, in ``outbox_store``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ..clock import Clock, default_clock
from ..i18n import Text
from ..states import STATE_LABELS as STATES_VOCABULARY
from ..store.db import Database
from .outbox_store import OutboxClaims

#: how each state is named to people (CLI lists, "already sent" notes): the program's one vocabulary
STATE_LABELS = STATES_VOCABULARY


def state_label(state: str) -> Text:
    return STATE_LABELS.get(state, Text(state, state))


ACTIVE_STATES = ("queued", "sent", "in_progress", "failed_retryable")
FINAL_STATES = ("accepted", "rejected", "failed", "receipt_invalid")
ALL_STATES = ACTIVE_STATES + FINAL_STATES
#: columns the submissions list can be ordered by (name → SQL)
SORTABLE = {"id": "s.id", "reference": "s.reference", "state": "s.state", "payer": "s.payer_name",
            "nip": "s.payer_nip", "period": "s.period", "forms": "s.forms", "created": "s.created_at",
            "source": "s.source_name", "finished": "s.finished_at"}


def now_iso(clock: Clock) -> str:
    """The outbox's timestamp format (UTC, milliseconds, "+00:00"; compared as text in SQL)."""
    return clock.now().isoformat(timespec="milliseconds")


def iso_in(clock: Clock, seconds: float) -> str:
    return (clock.now() + dt.timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Pin:
    gateway_key: str
    encryption_cert: str
    receipt_cert: str
    receipt_cert_sha256: str
    pinned_at: str


@dataclass(frozen=True)
class Submission:
    id: int
    idempotency_key: str
    gateway_key: str
    gateway_url: str
    profile: str
    document_set_id: int | None
    source_name: str
    payer_nip: str
    payer_pesel: str
    payer_name: str
    period: str
    forms: str
    document_path: str
    document_sha256: str
    package_path: str
    package_sha256: str
    package_type: str
    receipt_cert_sha256: str
    state: str
    reference: str | None
    gateway_status: int | None
    attempts: int
    next_attempt_at: str
    last_error: str
    actor: str
    created_at: str
    sent_at: str | None
    finished_at: str | None
    updated_at: str
    created_by: str = ""            # the process (host:pid:token) that enqueued it
    claimed_by: str = ""            # the process sending it now ("" = nobody)
    claimed_at: str = ""
    claimed_until: str = ""
    duplicate_of: int | None = None  # a second live submission of the same set made before migration 0008
    seat: str = ""                  # the desk (computer:user) it was enqueued at (0011)
    # receipt columns (LEFT JOIN), None when no receipt is stored
    receipt_id: int | None = None
    receipt_path: str | None = None
    receipt_sha256: str | None = None
    receipt_verified: bool | None = None
    receipt_problem: str = ""
    receipt_issued_at: str = ""
    receipt_received_at: str = ""
    errors: list[dict] = field(default_factory=list)

    @property
    def reached_zus(self) -> bool:
        """Sent to ZUS's production gateway; anything else (the sandbox, a custom or --gateway URL) is
        a test whose receipt is not a ZUS receipt (UPO)."""
        return self.profile == "production"


_SELECT = """SELECT s.*, r.id AS receipt_id, r.path AS receipt_path, r.sha256 AS receipt_sha256,
    r.verified AS receipt_verified, r.problem AS receipt_problem, r.issued_at AS receipt_issued_at,
    r.received_at AS receipt_received_at, r.errors_json AS errors_json
    FROM submissions s LEFT JOIN receipts r ON r.submission_id = s.id"""


def _row(r: sqlite3.Row) -> Submission:
    data = dict(r)
    errors_json = data.pop("errors_json", None)
    verified = data.get("receipt_verified")
    data["receipt_verified"] = None if verified is None else bool(verified)
    data["receipt_problem"] = data.get("receipt_problem") or ""
    data["receipt_issued_at"] = data.get("receipt_issued_at") or ""
    data["receipt_received_at"] = data.get("receipt_received_at") or ""
    return Submission(**data, errors=json.loads(errors_json) if errors_json else [])


@dataclass
class Filter:
    """Filters of the submissions/receipts list; empty fields do not filter."""

    payer: str = ""        # NIP (exact) or a part of the payer's name
    period: str = ""       # YYYY-MM
    form: str = ""         # e.g. ZUSDRA
    state: str = ""        # one of ALL_STATES
    date_from: str = ""    # YYYY-MM-DD, on created_at
    date_to: str = ""
    text: str = ""         # reference or source file name (substring)

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.payer:
            if self.payer.isdigit():
                clauses.append("s.payer_nip = ?")
                params.append(self.payer)
            else:
                clauses.append("s.payer_name LIKE ?")
                params.append(f"%{self.payer}%")
        if self.period:
            clauses.append("s.period = ?")
            params.append(self.period)
        if self.form:
            clauses.append("(',' || s.forms || ',') LIKE ?")
            params.append(f"%,{self.form.upper()},%")
        if self.state:
            clauses.append("s.state = ?")
            params.append(self.state)
        if self.date_from:
            clauses.append("s.created_at >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("s.created_at < ?")
            params.append(self.date_to + "T99")
        if self.text:
            clauses.append("(s.reference LIKE ? OR s.source_name LIKE ?)")
            params += [f"%{self.text}%", f"%{self.text}%"]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class Outbox:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or default_clock()
        self.claims = OutboxClaims(db)

    # -- pins -------------------------------------------------------------------------------------
    def pin(self, gateway_key: str) -> Pin | None:
        rows = self.db.query("SELECT * FROM gateway_pins WHERE gateway_key = ?", (gateway_key,))
        return Pin(**dict(rows[0])) if rows else None

    def save_pin(self, pin: Pin) -> Pin:
        """Pin at first contact; an existing pin is never replaced silently (returns the one in force)."""
        def do(conn: sqlite3.Connection) -> Pin:
            conn.execute("INSERT OR IGNORE INTO gateway_pins VALUES (?,?,?,?,?)",
                         (pin.gateway_key, pin.encryption_cert, pin.receipt_cert, pin.receipt_cert_sha256,
                          pin.pinned_at))
            row = conn.execute("SELECT * FROM gateway_pins WHERE gateway_key = ?", (pin.gateway_key,)).fetchone()
            in_force = Pin(**dict(row))
            conn.execute("INSERT OR IGNORE INTO gateway_certs VALUES (?,?)", (in_force.receipt_cert_sha256,
                                                                               in_force.receipt_cert))
            return in_force
        return self.db.transaction(do)

    def replace_pin(self, pin: Pin) -> None:
        """An explicit re-pin (the person confirmed a new gateway certificate)."""
        def do(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO gateway_pins VALUES (?,?,?,?,?)",
                         (pin.gateway_key, pin.encryption_cert, pin.receipt_cert, pin.receipt_cert_sha256,
                          pin.pinned_at))
            conn.execute("INSERT OR IGNORE INTO gateway_certs VALUES (?,?)", (pin.receipt_cert_sha256,
                                                                               pin.receipt_cert))
        self.db.transaction(do)

    def receipt_cert(self, sha256: str) -> str | None:
        value = self.db.scalar("SELECT pem FROM gateway_certs WHERE sha256 = ?", (sha256,))
        return str(value) if value is not None else None

    # -- submissions ------------------------------------------------------------------------------
    def add(self, values: dict[str, Any]) -> tuple[Submission, bool]:
        """Insert a queued submission (its files are already on disk) unless a live one exists for the
        same signed document or set: (the new row, True) or (the live row already there, False)."""
        stamp = now_iso(self.clock)
        values = {**values, "state": "queued", "attempts": 0, "next_attempt_at": stamp, "created_at": stamp,
                  "updated_at": stamp}
        submission_id, created = self.claims.insert_live(values)
        return self.get(submission_id), created  # type: ignore[return-value]

    def live_for(self, document_sha256: str, document_set_id: int | None) -> Submission | None:
        found = self.claims.live_for(document_sha256, document_set_id)
        return self.get(found) if found is not None else None

    def get(self, submission_id: int) -> Submission | None:
        rows = self.db.query(_SELECT + " WHERE s.id = ?", (submission_id,))
        return _row(rows[0]) if rows else None

    def by_reference(self, reference: str) -> Submission | None:
        rows = self.db.query(_SELECT + " WHERE s.reference = ? ORDER BY s.id DESC LIMIT 1", (reference,))
        return _row(rows[0]) if rows else None

    def for_document(self, document_sha256: str) -> list[Submission]:
        return [_row(r) for r in self.db.query(_SELECT + " WHERE s.document_sha256 = ? ORDER BY s.id",
                                               (document_sha256,))]

    def due(self, limit: int = 200) -> list[Submission]:
        rows = self.db.query(
            _SELECT + " WHERE s.state IN ('queued','sent','in_progress','failed_retryable') "
            "AND s.next_attempt_at <= ? ORDER BY s.next_attempt_at LIMIT ?", (now_iso(self.clock), limit))
        return [_row(r) for r in rows]

    def next_due_at(self) -> str | None:
        value = self.db.scalar("SELECT MIN(next_attempt_at) FROM submissions WHERE state IN "
                               "('queued','sent','in_progress','failed_retryable')")
        return str(value) if value else None

    def active_count(self, ids: list[int] | None = None) -> int:
        sql = "SELECT COUNT(*) FROM submissions WHERE state IN ('queued','sent','in_progress','failed_retryable')"
        if ids:
            sql += f" AND id IN ({','.join(str(int(i)) for i in ids)})"
        return int(self.db.scalar(sql) or 0)  # type: ignore[arg-type]

    def update(self, submission_id: int, **values: Any) -> None:
        values["updated_at"] = now_iso(self.clock)
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.db.transaction(lambda c: c.execute(f"UPDATE submissions SET {assignments} WHERE id = ?",
                                                (*values.values(), submission_id)))

    def store_receipt(self, submission_id: int, *, state: str, receipt: dict[str, Any]) -> None:
        """Record a receipt (verified or not) and the final state in one transaction."""
        stamp = now_iso(self.clock)

        def do(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM receipts WHERE submission_id = ?", (submission_id,))
            conn.execute(
                "INSERT INTO receipts(submission_id, reference, status_code, accepted, received_at, issued_at, "
                "path, sha256, verified, problem, errors_json, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (submission_id, receipt["reference"], receipt["status_code"], int(receipt["accepted"]),
                 receipt.get("received_at", ""), receipt.get("issued_at", ""), receipt["path"], receipt["sha256"],
                 int(receipt["verified"]), receipt.get("problem", ""),
                 json.dumps(receipt.get("errors", []), ensure_ascii=False), stamp))
            conn.execute("UPDATE submissions SET state = ?, gateway_status = ?, finished_at = ?, updated_at = ? "
                         "WHERE id = ?", (state, receipt["status_code"], stamp, stamp, submission_id))
        self.db.transaction(do)

    def set_receipt_check(self, submission_id: int, verified: bool, problem: str) -> None:
        self.db.transaction(lambda c: c.execute("UPDATE receipts SET verified = ?, problem = ? WHERE submission_id = ?",
                                                (int(verified), problem, submission_id)))

    # -- listing ----------------------------------------------------------------------------------
    def list(self, flt: Filter | None = None, *, offset: int = 0, limit: int = 200,
             order: str = "s.id DESC") -> list[Submission]:
        where, params = (flt or Filter()).where()
        allowed = {"s.id DESC", "s.id", "s.created_at DESC", "s.payer_name", "s.period DESC", "s.state"}
        order = order if order in allowed else "s.id DESC"
        rows = self.db.query(f"{_SELECT}{where} ORDER BY {order} LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_row(r) for r in rows]

    def ids(self, flt: Filter | None = None, order: str = "id", descending: bool = True) -> list[int]:
        """All matching ids in order (a 100 000-row list is ids only; rows are fetched lazily)."""
        where, params = (flt or Filter()).where()
        column = SORTABLE.get(order, "s.id")
        direction = "DESC" if descending else "ASC"
        sql = f"SELECT s.id FROM submissions s{where} ORDER BY {column} {direction}, s.id {direction}"
        return [int(r[0]) for r in self.db.query(sql, tuple(params))]

    def latest_for_set(self, set_id: int) -> int | None:
        """The id of the newest submission of a workspace set (the one just sent), if any."""
        value = self.db.scalar("SELECT MAX(id) FROM submissions WHERE document_set_id = ?", (set_id,))
        return int(value) if value is not None else None

    def many(self, ids: list[int]) -> list[Submission]:
        if not ids:
            return []
        by_id: dict[int, Submission] = {}
        for start in range(0, len(ids), 900):  # SQLite limits the number of bound parameters
            chunk = ids[start:start + 900]
            marks = ",".join("?" for _ in chunk)
            by_id.update((s.id, s) for s in (_row(r) for r in self.db.query(
                f"{_SELECT} WHERE s.id IN ({marks})", tuple(chunk))))
        return [by_id[i] for i in ids if i in by_id]

    def count(self, flt: Filter | None = None) -> int:
        where, params = (flt or Filter()).where()
        return int(self.db.scalar(f"SELECT COUNT(*) FROM submissions s{where}", tuple(params)) or 0)  # type: ignore[arg-type]

    def file_paths(self) -> set[str]:
        """Every document and package file an outbox row refers to (relative to the archive)."""
        return {str(p) for row in self.db.query("SELECT document_path, package_path FROM submissions")
                for p in (row["document_path"], row["package_path"]) if p}

    def with_receipts(self) -> list[Submission]:
        return [_row(r) for r in self.db.query(_SELECT + " WHERE r.id IS NOT NULL ORDER BY s.id")]
