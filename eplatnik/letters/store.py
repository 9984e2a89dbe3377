"""All SQL of the letters area: the inbox rows and the UPDs that opened them.

Portable SQL (a later refactor moves the office to PostgreSQL): ``INSERT … ON CONFLICT``,
``RETURNING``, timestamps from the program's clock — no ``INSERT OR …``, no ``lastrowid``, no SQL
``now``. A UPD is claimed by its row: ``letter_upds.letter_row_id`` is unique, so two processes
that both signed one keep only the first, and nothing else is ever sent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..gateway.letters_protocol import LetterMeta
from ..store.audit import AuditLog
from ..store.conn import Conn
from ..store.db import Database


@dataclass(frozen=True)
class LetterRecord:
    id: int
    gateway_key: str
    letter_id: str
    payer_nip: str
    payer_name: str
    title: str
    kind: str
    placed_at: str
    content_sha256: str
    content_size: int
    in_reply_to: str
    remote_state: str
    remote_delivered_at: str
    first_seen_at: str
    updated_at: str
    content_path: str
    content_file_sha256: str
    pdf_path: str
    verified: bool | None
    problem: str
    read_at: str
    # the UPD (LEFT JOIN), when one was signed here
    upd_path: str = ""
    upd_sha256: str = ""
    upd_state: str = ""
    upd_signer: str = ""
    upd_signed_at: str = ""
    upd_answer: str = ""


@dataclass(frozen=True)
class UpdRecord:
    id: int
    letter_row_id: int
    path: str
    sha256: str
    signer: str
    signed_at: str
    state: str
    answer: str
    sent_at: str
    updated_at: str


_SELECT = """SELECT l.*, u.path AS upd_path, u.sha256 AS upd_sha256, u.state AS upd_state,
    u.signer AS upd_signer, u.signed_at AS upd_signed_at, u.answer AS upd_answer
    FROM letters l LEFT JOIN letter_upds u ON u.letter_row_id = l.id"""
_NAMES = {f.name for f in fields(LetterRecord)}


def _record(row: Any) -> LetterRecord:
    data = {k: v for k, v in dict(row).items() if k in _NAMES}
    data["verified"] = None if data["verified"] is None else bool(data["verified"])
    for key in ("upd_path", "upd_sha256", "upd_state", "upd_signer", "upd_signed_at", "upd_answer"):
        data[key] = data.get(key) or ""
    return LetterRecord(**data)


class LettersStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.audit = AuditLog(db)   # the accountant and seat come from the database's identify

    # -- the inbox ---------------------------------------------------------------------------------
    def upsert(self, gateway_key: str, metas: list[LetterMeta], now: str) -> list[int]:
        """Record listed letters; returns the row ids of letters seen for the first time."""
        def do(conn: Conn) -> list[int]:
            new: list[int] = []
            for m in metas:
                row = conn.execute(
                    "INSERT INTO letters (gateway_key, letter_id, payer_nip, payer_name, title, kind, placed_at, "
                    "content_sha256, content_size, in_reply_to, remote_state, remote_delivered_at, first_seen_at, "
                    "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT (gateway_key, letter_id) DO NOTHING RETURNING id",
                    (gateway_key, m.id, m.payer_nip, m.payer_name, m.title, m.kind, m.placed_at, m.content_sha256,
                     m.content_size, m.in_reply_to, m.state, m.delivered_at, now, now)).fetchone()
                if row is not None:
                    new.append(int(row[0]))
                else:
                    conn.execute("UPDATE letters SET remote_state = ?, remote_delivered_at = ?, updated_at = ? "
                                 "WHERE gateway_key = ? AND letter_id = ?",
                                 (m.state, m.delivered_at, now, gateway_key, m.id))
            return new
        return self.db.transaction(do)

    def get(self, row_id: int) -> LetterRecord | None:
        rows = self.db.query(_SELECT + " WHERE l.id = ?", (row_id,))
        return _record(rows[0]) if rows else None

    def by_letter_id(self, letter_id: str) -> LetterRecord | None:
        rows = self.db.query(_SELECT + " WHERE l.letter_id = ? ORDER BY l.id DESC LIMIT 1", (letter_id,))
        return _record(rows[0]) if rows else None

    def many(self, row_ids: list[int]) -> list[LetterRecord]:
        if not row_ids:
            return []
        marks = ",".join("?" for _ in row_ids)
        by_id = {r.id: r for r in (_record(x) for x in self.db.query(f"{_SELECT} WHERE l.id IN ({marks})",
                                                                      tuple(row_ids)))}
        return [by_id[i] for i in row_ids if i in by_id]

    def list(self, *, payer_nip: str = "", limit: int = 10000) -> list[LetterRecord]:
        where, params = ("", ()) if not payer_nip else (" WHERE l.payer_nip = ?", (payer_nip,))
        return [_record(r) for r in self.db.query(f"{_SELECT}{where} ORDER BY l.placed_at DESC, l.id DESC LIMIT ?",
                                                  (*params, limit))]

    def unread_by_payer(self) -> dict[str, int]:
        """Letters whose content this workspace has not had yet, per payer NIP."""
        rows = self.db.query("SELECT payer_nip, COUNT(*) FROM letters WHERE read_at = '' GROUP BY payer_nip")
        return {str(r[0]): int(r[1]) for r in rows}

    def update(self, row_id: int, **values: Any) -> None:
        """Change a letter's row; the first time its content is had (``read_at``), the audit log says who."""
        assignments = ", ".join(f"{k} = ?" for k in values)

        def do(conn: Conn) -> None:
            first_read = bool(values.get("read_at")) and conn.execute(
                "SELECT 1 FROM letters WHERE id = ? AND read_at = ''", (row_id,)).fetchone() is not None
            conn.execute(f"UPDATE letters SET {assignments} WHERE id = ?", (*values.values(), row_id))
            if first_read:
                self.audit.record(conn, None, "letter.open", "letter", row_id, at=values["read_at"])
        self.db.transaction(do)

    def file_paths(self) -> set[str]:
        rows = self.db.query("SELECT content_path, pdf_path FROM letters UNION ALL SELECT path, '' FROM letter_upds")
        return {str(p) for r in rows for p in (r[0], r[1]) if p}

    # -- UPDs --------------------------------------------------------------------------------------
    def upd(self, row_id: int) -> UpdRecord | None:
        rows = self.db.query("SELECT * FROM letter_upds WHERE letter_row_id = ?", (row_id,))
        return UpdRecord(**dict(rows[0])) if rows else None

    def claim_upd(self, row_id: int, *, path: str, sha256: str, signer: str, signed_at: str) -> UpdRecord:
        """Record a signed UPD for a letter unless one is recorded already; returns the one in force.

        A UPD the gateway refused may be replaced (nothing was accepted with it)."""
        def do(conn: Conn) -> UpdRecord:
            conn.execute("DELETE FROM letter_upds WHERE letter_row_id = ? AND state = 'refused'", (row_id,))
            claimed = conn.execute(
                "INSERT INTO letter_upds (letter_row_id, path, sha256, signer, signed_at, state, updated_at) "
                "VALUES (?,?,?,?,?,'signed',?) ON CONFLICT (letter_row_id) DO NOTHING RETURNING id",
                (row_id, path, sha256, signer, signed_at, signed_at)).fetchone()
            if claimed is not None:
                self.audit.record(conn, None, "letter.upd", "letter", row_id, signer, at=signed_at)
            row = conn.execute("SELECT * FROM letter_upds WHERE letter_row_id = ?", (row_id,)).fetchone()
            return UpdRecord(**dict(row))
        return self.db.transaction(do)

    def set_upd(self, row_id: int, **values: Any) -> None:
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.db.transaction(lambda c: c.execute(f"UPDATE letter_upds SET {assignments} WHERE letter_row_id = ?",
                                                (*values.values(), row_id)))
