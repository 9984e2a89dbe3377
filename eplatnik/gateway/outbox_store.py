"""The outbox's exactly-once SQL: who made a submission, who is sending it now, and the claims on both.

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

PostgreSQL (a later issue) maps one to one (timestamps from the program's clock, as here)::

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

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import Any

from ..proc import ProcessId
from ..store.db import Database

LIVE = "state NOT IN ('rejected', 'failed') AND duplicate_of IS NULL"


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

        def do(conn: sqlite3.Connection) -> tuple[int, bool]:
            cursor = conn.execute(f"INSERT INTO submissions ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",
                                  tuple(values.values()))
            if cursor.rowcount == 1:
                return int(cursor.lastrowid), True  # type: ignore[arg-type]
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
        value = self.db.scalar(
            f"SELECT id FROM submissions WHERE {LIVE} AND (document_sha256 = ? OR "
            "(document_set_id IS NOT NULL AND document_set_id = ?)) ORDER BY id LIMIT 1",
            (document_sha256, document_set_id))
        return int(value) if value is not None else None  # type: ignore[arg-type]

    def claim(self, ids: Iterable[int], me: ProcessId, now: dt.datetime, lease_s: float) -> set[int]:
        """Claim (or renew) the given submissions for this process; returns those now held.

        A row is taken when it is free, already ours, its lease ran out, or its claimant has ended
        on this computer."""
        wanted = [int(i) for i in ids]
        if not wanted:
            return set()
        now_s, until_s = stamp(now), stamp(now + dt.timedelta(seconds=lease_s))
        me_s = str(me)

        def do(conn: sqlite3.Connection) -> set[int]:
            held: set[int] = set()
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" for _ in chunk)
                rows = conn.execute(f"SELECT id, claimed_by, claimed_until FROM submissions WHERE id IN ({marks})",
                                    chunk).fetchall()
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

        def do(conn: sqlite3.Connection) -> None:
            if ids is None:
                conn.execute("UPDATE submissions SET claimed_by = '', claimed_until = '' WHERE claimed_by = ?",
                             (me_s,))
                return
            for i in ids:
                conn.execute("UPDATE submissions SET claimed_by = '', claimed_until = '' "
                             "WHERE claimed_by = ? AND id = ?", (me_s, int(i)))

        self.db.transaction(do)


def _gone(holder: str) -> bool:
    who = ProcessId.parse(holder)
    return who is not None and who.gone()
