"""SQL of the month-end area: runs and their clients' step states (``MonthStore``), and the read model
of each payer's period (``PeriodReadModel``: the latest monthly set and its submission, read from the
documents and outbox tables). The entered NRS numbers are the register's (``register/store.py``).

Every write is one short transaction, so a run killed at any instant leaves each client at the last
step it completed (the step functions are idempotent, so repeating the next step is safe).
"""

from __future__ import annotations

import json
from typing import Any

from ..clock import Clock, default_clock
from ..i18n import Text
from ..register.store import RegisterStore
from ..store.audit import AuditLog
from ..store.conn import Conn
from ..store.db import Database
from .records import Run, RunClient

PHASES = ("build", "verify", "sign", "submit", "receipts", "done")
# the client step each phase moves on from; a client at any other step is skipped by that phase
PHASE_INPUT = {"build": "pending", "verify": "built", "sign": "verified", "submit": "signed",
               "receipts": "submitted"}
FINAL_STEPS = ("accepted", "rejected", "failed")


def _client(r: Any) -> RunClient:
    return RunClient(r["run_id"], r["payer_id"], r["position"], r["step"], r["set_id"], r["submission_id"],
                     r["warnings"], r["errors"], json.loads(r["changes"] or "[]"), r["failed_step"],
                     json.loads(r["error"]) if r["error"] else {}, r["actor"], r["updated_at"],
                     json.loads(r["note"]) if r["note"] else {})


def _run(r: Any) -> Run:
    return Run(r["id"], r["period"], r["state"], r["phase"], bool(r["submit"]), r["actor"], r["created_at"],
               r["updated_at"], r["finished_at"])


def text_json(text: Text) -> str:
    return json.dumps({"pl": text.render("pl"), "en": text.render("en")}, ensure_ascii=False)


class MonthStore:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or default_clock()
        self.audit = AuditLog(db, self.clock)
        self._register = RegisterStore(db)
        self.periods = PeriodReadModel(db)

    # -- runs -------------------------------------------------------------------------------------
    def create_run(self, period: str, payer_ids: list[int], *, submit: bool, actor: str) -> int:
        def tx(conn: Conn) -> int:
            now = self.clock.now_iso()
            run_id = int(conn.execute("INSERT INTO month_runs (period, state, phase, submit, actor, created_at, "
                                      "updated_at) VALUES (?, 'open', 'build', ?, ?, ?, ?) RETURNING id",
                                      (period, int(submit), actor, now, now)).fetchone()[0])
            conn.executemany("INSERT INTO month_run_clients (run_id, payer_id, position, step, actor, updated_at) "
                             "VALUES (?, ?, ?, 'pending', ?, ?)",
                             [(run_id, pid, n, actor, now) for n, pid in enumerate(payer_ids)])
            self.audit.record(conn, actor, "month.run.start", "month_run", run_id,
                              f"{period}: {len(payer_ids)} clients", at=now)
            return run_id
        return self.db.transaction(tx)

    def run(self, run_id: int) -> Run | None:
        rows = self.db.query("SELECT * FROM month_runs WHERE id = ?", (run_id,))
        return _run(rows[0]) if rows else None

    def runs(self, period: str | None = None) -> list[Run]:
        if period:
            rows = self.db.query("SELECT * FROM month_runs WHERE period = ? ORDER BY id DESC", (period,))
        else:
            rows = self.db.query("SELECT * FROM month_runs ORDER BY id DESC")
        return [_run(r) for r in rows]

    def set_run(self, run_id: int, *, state: str | None = None, phase: str | None = None,
                submit: bool | None = None) -> None:
        now = self.clock.now_iso()
        sets: list[str] = ["updated_at = ?"]
        params: list[object] = [now]
        if submit is not None:
            sets.append("submit = ?")
            params.append(int(submit))
        if state is not None:
            sets.append("state = ?")
            params.append(state)
            if state in ("done", "cancelled"):
                sets.append("finished_at = ?")
                params.append(now)
        if phase is not None:
            sets.append("phase = ?")
            params.append(phase)
        self.db.transaction(lambda c: c.execute(f"UPDATE month_runs SET {', '.join(sets)} WHERE id = ?",
                                                (*params, run_id)))

    # -- clients ----------------------------------------------------------------------------------
    def clients(self, run_id: int) -> list[RunClient]:
        return [_client(r) for r in self.db.query(
            "SELECT * FROM month_run_clients WHERE run_id = ? ORDER BY position", (run_id,))]

    def client(self, run_id: int, payer_id: int) -> RunClient:
        return _client(self.db.query("SELECT * FROM month_run_clients WHERE run_id = ? AND payer_id = ?",
                                     (run_id, payer_id))[0])

    def update_client(self, run_id: int, payer_id: int, *, actor: str, audit: str | None = None,
                      details: str = "", **values: Any) -> RunClient:
        """Move one client on (and, with ``audit``, record who did it) in one transaction."""
        if "changes" in values:
            values["changes"] = json.dumps(values["changes"], ensure_ascii=False)
        for key in ("error", "note"):
            if isinstance(values.get(key), Text):
                values[key] = text_json(values[key])
        values["actor"] = actor
        assignments = ", ".join(f"{k} = ?" for k in values)

        def tx(conn: Conn) -> None:
            now = self.clock.now_iso()
            conn.execute(f"UPDATE month_run_clients SET {assignments}, updated_at = ? "
                         "WHERE run_id = ? AND payer_id = ?", (*values.values(), now, run_id, payer_id))
            if audit:
                self.audit.record(conn, actor, audit, "payer", payer_id, f"run {run_id}: {details}".strip(), at=now)
        self.db.transaction(tx)
        return self.client(run_id, payer_id)

    # -- NRS entered from ZUS's letter: the register's table (register/store.py); kept here for the
    #    month area's callers until they ask the register (RegisterService.entered_nrs/set_entered_nrs)
    def entered_nrs(self, payer_id: int) -> str | None:
        return self._register.entered_nrs(payer_id)

    def all_entered_nrs(self) -> dict[int, str]:
        """payer id → the NRS entered from ZUS's letter, for every payer that has one."""
        return self._register.all_entered_nrs()

    def set_entered_nrs(self, payer_id: int, nrs: str | None, actor: str) -> None:
        def tx(conn: Conn) -> None:
            now = self.clock.now_iso()
            self._register.set_entered_nrs(conn, payer_id, nrs, actor, now)
            self.audit.record(conn, actor, "payer.nrs", "payer", payer_id, nrs or "(derived)", at=now)
        self.db.transaction(tx)

    # -- derived period state: the read model below (kept here for the month area's callers) --------
    def latest_submission(self, set_id: int) -> int | None:
        return self.periods.latest_submission(set_id)

    def period_rows(self, period: str) -> dict[int, dict[str, Any]]:
        return self.periods.period_rows(period)

    def periods_rows(self, first: str, last: str) -> dict[tuple[int, str], dict[str, Any]]:
        return self.periods.periods_rows(first, last)

    def sets_rows(self, set_ids: list[int]) -> dict[int, dict[str, Any]]:
        return self.periods.sets_rows(set_ids)


class PeriodReadModel:
    """A read model over other areas' tables (document sets, the outbox, receipts): per payer and
    period, the latest monthly set and its latest submission. Read only; the documents and outbox
    tables stay the truth, these rows are derived from them."""

    _SET_SQL = """
        SELECT d.payer_id, d.period, d.id AS set_id, d.status, d.to_pay, d.verification, d.number,
               d.correction_of, s.id AS submission_id, s.state AS sub_state, s.reference, s.last_error,
               s.profile AS sub_profile, r.errors_json AS receipt_errors
        FROM document_sets d
        LEFT JOIN submissions s ON s.id = (SELECT MAX(id) FROM submissions WHERE document_set_id = d.id)
        LEFT JOIN receipts r ON r.submission_id = s.id"""

    def __init__(self, db: Database) -> None:
        self.db = db

    def latest_submission(self, set_id: int) -> int | None:
        value = self.db.scalar("SELECT MAX(id) FROM submissions WHERE document_set_id = ?", (set_id,))
        return int(str(value)) if value is not None else None

    def period_rows(self, period: str) -> dict[int, dict[str, Any]]:
        """Per payer: its latest monthly set for ``period`` and that set's latest submission."""
        return {payer_id: row for (payer_id, _p), row in self.periods_rows(period, period).items()}

    def _query(self, where: str, params: tuple) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(f"{self._SET_SQL} WHERE {where}", params)]

    def periods_rows(self, first: str, last: str) -> dict[tuple[int, str], dict[str, Any]]:
        """Per (payer, period) from ``first`` to ``last`` (YYYY-MM, inclusive): the latest monthly set
        (the highest declaration number: a correction replaces what it corrects) and its latest
        submission, with the receipt's errors."""
        rows = self._query("d.kind = 'monthly' AND d.period BETWEEN ? AND ? AND d.payer_id IS NOT NULL "
                           "ORDER BY d.payer_id, d.period, d.number, d.id", (first, last))
        out: dict[tuple[int, str], dict[str, Any]] = {}
        for r in rows:
            out[(int(r["payer_id"]), str(r["period"]))] = r  # ordered by number, id: the last one wins
        return out

    def sets_rows(self, set_ids: list[int]) -> dict[int, dict[str, Any]]:
        """The same columns for the given sets, whatever sets came after them (a run's own sets)."""
        wanted = sorted({int(i) for i in set_ids if i is not None})
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        return {int(r["set_id"]): r for r in self._query(f"d.id IN ({marks})", tuple(wanted))}
