"""The audit log (table ``audit_log``): who changed what, and when.

An entry is written inside the transaction of the change it records (``record(conn, …)``), so a
change and its entry are stored together or not at all. The time comes from the clock.
"""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from .conn import Conn
from .database import Database


class AuditLog:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock

    def record(self, conn: Conn, actor: str, action: str, entity: str, entity_id: int | None,
               details: str = "", *, at: str | None = None) -> None:
        """One entry, in the transaction ``conn`` belongs to; ``at`` (ISO UTC) defaults to the clock's now."""
        if at is None:
            if self.clock is None:
                raise ValueError("an audit entry needs a time: pass at= or give the AuditLog a clock")
            at = self.clock.now_iso()
        conn.execute_legacy(
            "INSERT INTO audit_log (actor, action, entity, entity_id, details, at) VALUES (?,?,?,?,?,?)",
            (actor, action, entity, entity_id, details, at))

    def entries(self, entity: str | None = None, entity_id: int | None = None) -> list[Any]:
        """Every entry (or those about one entity), oldest first; rows readable by column name."""
        sql, params = "SELECT * FROM audit_log", tuple[object, ...]()
        if entity is not None:
            sql += " WHERE entity = ? AND entity_id = ?"
            params = (entity, entity_id)
        return self.db.run(lambda c: c.execute_legacy(sql + " ORDER BY id", params).fetchall())
