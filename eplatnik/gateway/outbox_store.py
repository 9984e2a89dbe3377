"""All SQL of the gateway area: ``OutboxStore`` (submissions, receipts, pinned gateway certificates)
and ``OutboxClaims``, the outbox's exactly-once SQL: who made a submission, who is sending it now,
and the claims on both.

Two processes of the program (the GUI's background job and a CLI run, two windows; later two seats
of an office on one PostgreSQL database) may enqueue and drive the same submissions. Exactly once
rests on two claims, both decided by the database, never by "check, then write":

* **One live submission per signed set.** ``insert_live`` is ``INSERT … ON CONFLICT DO NOTHING``
  against the partial unique indexes of migration 0008 (one row per document digest and per
  workspace set that is not rejected/failed). The loser gets the winner's row back and reports
  "already being sent by …"; nothing it built is ever sent.
* **One sender per submission at a time.** ``claim`` takes a row for this process with a lease
  (``claimed_until``); only the claimant talks to the gateway about it. A claim of a process that
  has ended on this computer is free at once; one of another computer when its lease runs out.

On PostgreSQL (issue 16) the same SQL runs, and ``claim`` reads the rows ``FOR UPDATE SKIP LOCKED``
(timestamps from the program's clock, as here); in outline::

    -- the same partial unique indexes (CREATE UNIQUE INDEX … WHERE …), then
    INSERT INTO submissions (…) VALUES (…) ON CONFLICT DO NOTHING RETURNING id;
    -- claiming the due rows of this seat, in one transaction:
    SELECT id FROM submissions
     WHERE state IN ('queued','sent','in_progress','failed_retryable') AND next_attempt_at <= %(now)s
       AND (claimed_by = '' OR claimed_by = %(me)s OR claimed_until < %(now)s)
     ORDER BY next_attempt_at LIMIT 200 FOR UPDATE SKIP LOCKED;
    UPDATE submissions SET claimed_by = %(me)s, claimed_at = …, claimed_until = … WHERE id = ANY(%(ids)s);
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ..clock import Clock
from ..proc import ProcessId
from ..store.conn import Conn
from ..store.database import Database
from .outbox import Filter, Pin, Submission, now_iso

LIVE = "state NOT IN ('rejected', 'failed') AND duplicate_of IS NULL"


def _scalar(db: Database, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """The first column of the first row (None when there is none)."""
    row = db.run(lambda c: c.execute(sql, params).fetchone())
    return None if row is None else row[0]


def stamp(moment: dt.datetime) -> str:
    """The outbox's timestamp format (UTC, milliseconds), comparable as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


class OutboxClaims:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_live(self, values: dict[str, Any]) -> tuple[int, bool]:
        """Insert a submission unless a live one exists for the same document or set.

        Returns (id, True) for the new row, or (id of the live row already there, False)."""
        values = {"seat": self.db.seat, **values}   # the desk it was enqueued at (the audit view)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)

        def do(conn: Conn) -> tuple[int, bool]:
            inserted = conn.execute(f"INSERT INTO submissions ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING "
                                    "RETURNING id", tuple(values.values())).fetchone()
            if inserted is not None:
                return int(inserted[0]), True
            row = conn.execute(
                f"SELECT id FROM submissions WHERE {LIVE} AND (document_sha256 = ? OR "
                "(document_set_id IS NOT NULL AND document_set_id = ?)) ORDER BY id LIMIT 1",
                (values["document_sha256"], values.get("document_set_id"))).fetchone()
            if row is None:  # pragma: no cover - a conflict on the random idempotency key
                raise RuntimeError("submission not inserted and no live submission found")
            return int(row[0]), False

        return self.db.transaction(do)

    def live_for(self, document_sha256: str, document_set_id: int | None) -> int | None:
        """The live submission of this signed document (or of this workspace set), if any."""
        value = _scalar(self.db,
            f"SELECT id FROM submissions WHERE {LIVE} AND (document_sha256 = ? OR "
            "(document_set_id IS NOT NULL AND document_set_id = ?)) ORDER BY id LIMIT 1",
            (document_sha256, document_set_id))
        return int(value) if value is not None else None

    def claim(self, ids: Iterable[int], me: ProcessId, now: dt.datetime, lease_s: float) -> set[int]:
        """Claim (or renew) the given submissions for this process; returns those now held.

        A row is taken when it is free, already ours, its lease ran out, or its claimant has ended
        on this computer."""
        wanted = [int(i) for i in ids]
        if not wanted:
            return set()
        now_s, until_s = stamp(now), stamp(now + dt.timedelta(seconds=lease_s))
        me_s = str(me)

        def do(conn: Conn) -> set[int]:
            held: set[int] = set()
            skip_locked = " ORDER BY id FOR UPDATE SKIP LOCKED" if conn.dialect == "postgresql" else ""
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" for _ in chunk)
                # PostgreSQL: rows another seat is claiming this instant are skipped (theirs), the rest are
                # locked until this transaction commits the claim; SQLite's BEGIN IMMEDIATE serialises claimers
                rows = conn.execute(f"SELECT id, claimed_by, claimed_until FROM submissions WHERE id IN ({marks})"
                                    f"{skip_locked}", chunk).fetchall()
                for row in rows:
                    holder = row["claimed_by"]
                    free = (not holder or holder == me_s or row["claimed_until"] < now_s
                            or _gone(holder))
                    if not free:
                        continue
                    conn.execute("UPDATE submissions SET claimed_by = ?, claimed_until = ?, "
                                 "claimed_at = CASE WHEN claimed_by = ? THEN claimed_at ELSE ? END WHERE id = ?",
                                 (me_s, until_s, me_s, now_s, row["id"]))
                    held.add(int(row["id"]))
            return held

        return self.db.transaction(do)

    def release(self, me: ProcessId, ids: Iterable[int] | None = None) -> None:
        """Give back this process's claims (all of them, or the given ones)."""
        me_s = str(me)

        def do(conn: Conn) -> None:
            if ids is None:
                conn.execute("UPDATE submissions SET claimed_by = '', claimed_until = '' WHERE claimed_by = ?",
                             (me_s,))
                return
            for i in ids:
                conn.execute("UPDATE submissions SET claimed_by = '', claimed_until = '' "
                             "WHERE claimed_by = ? AND id = ?", (me_s, int(i)))

        self.db.transaction(do)


_PIN_COLUMNS = "gateway_key, encryption_cert, receipt_cert, receipt_cert_sha256, pinned_at"
#: columns the submissions list can be ordered by (name → SQL)
SORTABLE = {"id": "s.id", "reference": "s.reference", "state": "s.state", "payer": "s.payer_name",
            "nip": "s.payer_nip", "period": "s.period", "forms": "s.forms", "created": "s.created_at",
            "source": "s.source_name", "finished": "s.finished_at"}

_SELECT = """SELECT s.*, r.id AS receipt_id, r.path AS receipt_path, r.sha256 AS receipt_sha256,
    r.verified AS receipt_verified, r.problem AS receipt_problem, r.issued_at AS receipt_issued_at,
    r.received_at AS receipt_received_at, r.errors_json AS errors_json
    FROM submissions s LEFT JOIN receipts r ON r.submission_id = s.id"""


def _row(r: Any) -> Submission:
    data = dict(r)
    errors_json = data.pop("errors_json", None)
    verified = data.get("receipt_verified")
    data["receipt_verified"] = None if verified is None else bool(verified)
    data["receipt_problem"] = data.get("receipt_problem") or ""
    data["receipt_issued_at"] = data.get("receipt_issued_at") or ""
    data["receipt_received_at"] = data.get("receipt_received_at") or ""
    return Submission(**data, errors=json.loads(errors_json) if errors_json else [])



def _where(flt: Filter) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if flt.payer:
        if flt.payer.isdigit():
            clauses.append("s.payer_nip = ?")
            params.append(flt.payer)
        else:
            clauses.append("s.payer_name LIKE ?")
            params.append(f"%{flt.payer}%")
    if flt.period:
        clauses.append("s.period = ?")
        params.append(flt.period)
    if flt.form:
        clauses.append("(',' || s.forms || ',') LIKE ?")
        params.append(f"%,{flt.form.upper()},%")
    if flt.state:
        clauses.append("s.state = ?")
        params.append(flt.state)
    if flt.date_from:
        clauses.append("s.created_at >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("s.created_at < ?")
        params.append(flt.date_to + "T99")
    if flt.text:
        clauses.append("(s.reference LIKE ? OR s.source_name LIKE ?)")
        params += [f"%{flt.text}%", f"%{flt.text}%"]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class OutboxStore:
    """Submissions, their receipts, the pinned gateway certificates and the claims on them."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.claims = OutboxClaims(db)

    # -- pins -------------------------------------------------------------------------------------
    def pin(self, gateway_key: str) -> Pin | None:
        rows = self.db.query("SELECT * FROM gateway_pins WHERE gateway_key = ?", (gateway_key,))
        return Pin(**dict(rows[0])) if rows else None

    def save_pin(self, pin: Pin) -> Pin:
        """Pin at first contact; an existing pin is never replaced silently (returns the one in force)."""
        def do(conn: Conn) -> Pin:
            conn.execute(f"INSERT INTO gateway_pins ({_PIN_COLUMNS}) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
                         (pin.gateway_key, pin.encryption_cert, pin.receipt_cert, pin.receipt_cert_sha256,
                          pin.pinned_at))
            row = conn.execute("SELECT * FROM gateway_pins WHERE gateway_key = ?", (pin.gateway_key,)).fetchone()
            in_force = Pin(**dict(row))
            conn.execute("INSERT INTO gateway_certs (sha256, pem) VALUES (?,?) ON CONFLICT DO NOTHING",
                         (in_force.receipt_cert_sha256, in_force.receipt_cert))
            return in_force
        return self.db.transaction(do)

    def replace_pin(self, pin: Pin) -> None:
        """An explicit re-pin (the person confirmed a new gateway certificate)."""
        def do(conn: Conn) -> None:
            conn.execute(f"INSERT INTO gateway_pins ({_PIN_COLUMNS}) VALUES (?,?,?,?,?) ON CONFLICT (gateway_key) "
                         "DO UPDATE SET encryption_cert = excluded.encryption_cert, "
                         "receipt_cert = excluded.receipt_cert, receipt_cert_sha256 = excluded.receipt_cert_sha256, "
                         "pinned_at = excluded.pinned_at",
                         (pin.gateway_key, pin.encryption_cert, pin.receipt_cert, pin.receipt_cert_sha256,
                          pin.pinned_at))
            conn.execute("INSERT INTO gateway_certs (sha256, pem) VALUES (?,?) ON CONFLICT DO NOTHING",
                         (pin.receipt_cert_sha256, pin.receipt_cert))
        self.db.transaction(do)

    def receipt_cert(self, sha256: str) -> str | None:
        value = _scalar(self.db, "SELECT pem FROM gateway_certs WHERE sha256 = ?", (sha256,))
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
        value = _scalar(self.db, "SELECT MIN(next_attempt_at) FROM submissions WHERE state IN "
                               "('queued','sent','in_progress','failed_retryable')")
        return str(value) if value else None

    def active_count(self, ids: list[int] | None = None) -> int:
        sql = "SELECT COUNT(*) FROM submissions WHERE state IN ('queued','sent','in_progress','failed_retryable')"
        if ids:
            sql += f" AND id IN ({','.join(str(int(i)) for i in ids)})"
        return int(_scalar(self.db, sql) or 0)

    def update(self, submission_id: int, **values: Any) -> None:
        values["updated_at"] = now_iso(self.clock)
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.db.transaction(lambda c: c.execute(f"UPDATE submissions SET {assignments} WHERE id = ?",
                                                (*values.values(), submission_id)))

    def store_receipt(self, submission_id: int, *, state: str, receipt: dict[str, Any]) -> None:
        """Record a receipt (verified or not) and the final state in one transaction."""
        stamp = now_iso(self.clock)

        def do(conn: Conn) -> None:
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
             order: str = "s.id DESC") -> builtins.list[Submission]:
        where, params = _where(flt or Filter())
        allowed = {"s.id DESC", "s.id", "s.created_at DESC", "s.payer_name", "s.period DESC", "s.state"}
        order = order if order in allowed else "s.id DESC"
        rows = self.db.query(f"{_SELECT}{where} ORDER BY {order} LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_row(r) for r in rows]

    def ids(self, flt: Filter | None = None, order: str = "id", descending: bool = True) -> builtins.list[int]:
        """All matching ids in order (a 100 000-row list is ids only; rows are fetched lazily)."""
        where, params = _where(flt or Filter())
        column = SORTABLE.get(order, "s.id")
        direction = "DESC" if descending else "ASC"
        sql = f"SELECT s.id FROM submissions s{where} ORDER BY {column} {direction}, s.id {direction}"
        return [int(r[0]) for r in self.db.query(sql, tuple(params))]

    def latest_for_set(self, set_id: int) -> int | None:
        """The id of the newest submission of a workspace set (the one just sent), if any."""
        value = _scalar(self.db, "SELECT MAX(id) FROM submissions WHERE document_set_id = ?", (set_id,))
        return int(value) if value is not None else None

    def many(self, ids: builtins.list[int]) -> builtins.list[Submission]:
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
        where, params = _where(flt or Filter())
        return int(_scalar(self.db, f"SELECT COUNT(*) FROM submissions s{where}", tuple(params)) or 0)

    def file_paths(self) -> set[str]:
        """Every document and package file an outbox row refers to (relative to the archive)."""
        return {str(p) for row in self.db.query("SELECT document_path, package_path FROM submissions")
                for p in (row["document_path"], row["package_path"]) if p}

    def with_receipts(self) -> builtins.list[Submission]:
        return [_row(r) for r in self.db.query(_SELECT + " WHERE r.id IS NOT NULL ORDER BY s.id")]


def _gone(holder: str) -> bool:
    who = ProcessId.parse(holder)
    return who is not None and who.gone()
