"""SQL for the workspace's own list of e-visits (migration 0004); nothing else touches these tables."""

from __future__ import annotations

import json
from typing import Any

from ..clock import Clock, default_clock
from ..store.conn import Conn
from ..store.db import Database
from .models import Visit, VisitRequest, VisitStatus
from .slots import utc_iso


def client_key(req: VisitRequest) -> str:
    return req.pesel or req.nip


def _visit(row: Any) -> Visit:
    return Visit(id=row["id"], request=VisitRequest.from_json(json.loads(row["request_json"])),
                 status=VisitStatus(row["status"]), remote_id=row["remote_id"], join_url=row["join_url"],
                 slot_minutes=row["slot_minutes"], last_error=row["last_error"], created_at=row["created_at"],
                 updated_at=row["updated_at"])


class VisitsRepo:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or default_clock()

    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    def insert(self, req: VisitRequest, slot_minutes: int) -> int:
        def tx(conn: Conn) -> int:
            # the same booking request stored twice (a retry, another process at the same moment) is one row
            new = conn.execute(
                "INSERT INTO visits (client_request_id, status, topic, unit_id, start_utc, slot_minutes, payer_id,"
                " client_key, request_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (client_request_id) DO NOTHING RETURNING id",
                (req.client_request_id, VisitStatus.PENDING.value, req.topic, req.unit_id,
                 utc_iso(req.start) if req.start else "", slot_minutes, req.payer_id, client_key(req),
                 json.dumps(req.to_json(), ensure_ascii=False), self._now(), self._now())).fetchone()
            if new is not None:
                return int(new[0])
            return int(conn.execute("SELECT id FROM visits WHERE client_request_id = ?",
                                    (req.client_request_id,)).fetchone()[0])

        return self.db.transaction(tx)

    def update(self, visit_id: int, *, status: VisitStatus | None = None, remote_id: str | None = None,
               join_url: str | None = None, last_error: str | None = None, request: VisitRequest | None = None,
               slot_minutes: int | None = None) -> None:
        sets: list[str] = ["updated_at = ?"]
        params: list[object] = [self._now()]
        for column, value in (("status", status.value if status else None), ("remote_id", remote_id),
                              ("join_url", join_url), ("last_error", last_error), ("slot_minutes", slot_minutes)):
            if value is not None:
                sets.append(f"{column} = ?")
                params.append(value)
        if request is not None:
            sets += ["request_json = ?", "start_utc = ?", "unit_id = ?", "topic = ?"]
            params += [json.dumps(request.to_json(), ensure_ascii=False),
                       utc_iso(request.start) if request.start else "", request.unit_id, request.topic]
        params.append(visit_id)
        self.db.transaction(lambda conn: conn.execute(f"UPDATE visits SET {', '.join(sets)} WHERE id = ?",
                                                      tuple(params)))

    def get(self, visit_id: int) -> Visit | None:
        rows = self.db.query("SELECT * FROM visits WHERE id = ?", (visit_id,))
        return _visit(rows[0]) if rows else None

    def find_remote(self, remote_id: str) -> Visit | None:
        rows = self.db.query("SELECT * FROM visits WHERE remote_id = ?", (remote_id,))
        return _visit(rows[0]) if rows else None

    def list(self, payer_id: int | None = None, key: str | None = None,
             status: VisitStatus | None = None) -> list[Visit]:
        sql, params = "SELECT * FROM visits WHERE 1=1", list[object]()
        if payer_id is not None:
            sql += " AND payer_id = ?"
            params.append(payer_id)
        if key:
            sql += " AND client_key = ?"
            params.append(key)
        if status is not None:
            sql += " AND status = ?"
            params.append(status.value)
        sql += " ORDER BY start_utc, id"
        return [_visit(r) for r in self.db.query(sql, tuple(params))]

    def remember_unit(self, key: str, postal_code: str, unit_id: str, unit_name: str) -> None:
        if not key or not postal_code:
            return
        self.db.transaction(lambda conn: conn.execute(
            "INSERT INTO visit_unit_choices (client_key, postal_code, unit_id, unit_name, chosen_at)"
            " VALUES (?,?,?,?,?) ON CONFLICT (client_key, postal_code) DO UPDATE SET unit_id = excluded.unit_id,"
            " unit_name = excluded.unit_name, chosen_at = excluded.chosen_at",
            (key, postal_code, unit_id, unit_name, self._now())))

    def remembered_unit(self, key: str, postal_code: str) -> tuple[str, str] | None:
        rows = self.db.query("SELECT unit_id, unit_name FROM visit_unit_choices"
                             " WHERE client_key = ? AND postal_code = ?", (key, postal_code))
        return (rows[0]["unit_id"], rows[0]["unit_name"]) if rows else None
