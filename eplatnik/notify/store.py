"""All SQL of the notifications area (portable: ON CONFLICT, RETURNING, clock timestamps)."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.conn import Conn
from ..store.db import Database


@dataclass(frozen=True)
class Notification:
    id: int
    event_key: str
    kind: str           # letter | rejected
    subject: str
    body: str
    created_at: str
    emailed_at: str
    email_error: str
    shown_at: str


class NotifyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def is_empty(self) -> bool:
        return self.db.scalar("SELECT COUNT(*) FROM notifications") == 0

    def known_keys(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" for _ in chunk)
            found.update(str(r[0]) for r in self.db.query(
                f"SELECT event_key FROM notifications WHERE event_key IN ({marks})", tuple(chunk)))
        return found

    def add(self, items: list[tuple[str, str, str, str]], now: str, *, done: bool = False) -> list[Notification]:
        """Insert (event_key, kind, subject, body) once each; returns those inserted now.

        ``done``: record them as already handled (the baseline of a workspace's first run)."""
        def do(conn: Conn) -> list[Notification]:
            out = []
            for key, kind, subject, body in items:
                row = conn.execute(
                    "INSERT INTO notifications (event_key, kind, subject, body, created_at, emailed_at, shown_at) "
                    "VALUES (?,?,?,?,?,?,?) ON CONFLICT (event_key) DO NOTHING RETURNING *",
                    (key, kind, subject, body, now, "-" if done else "", "-" if done else "")).fetchone()
                if row is not None:
                    out.append(Notification(**dict(row)))
            return out
        return self.db.transaction(do)

    def to_email(self) -> list[Notification]:
        return [Notification(**dict(r)) for r in self.db.query(
            "SELECT * FROM notifications WHERE emailed_at = '' ORDER BY id")]

    def to_show(self) -> list[Notification]:
        return [Notification(**dict(r)) for r in self.db.query(
            "SELECT * FROM notifications WHERE shown_at = '' ORDER BY id")]

    def mark(self, ids: list[int], **values: str) -> None:
        if not ids:
            return
        assignments = ", ".join(f"{k} = ?" for k in values)
        marks = ",".join("?" for _ in ids)
        self.db.transaction(lambda c: c.execute(f"UPDATE notifications SET {assignments} WHERE id IN ({marks})",
                                                (*values.values(), *ids)))

    def recent(self, limit: int = 50) -> list[Notification]:
        return [Notification(**dict(r)) for r in self.db.query(
            "SELECT * FROM notifications ORDER BY id DESC LIMIT ?", (limit,))]
