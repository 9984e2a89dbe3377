"""The sandbox's letters ("ZUS" places them on payers' profiles): state on disk under the sandbox's
state directory, shared by the running sandbox and ``eplatnik-cli sandbox letter``::

    letters/letters.db               letters and their delivery (SQLite, WAL)
    letters/content/<id>.xml         each letter as sealed by the gateway, byte-exact
    letters/upd/<id>-<digest>.xml    the UPD that opened it, byte-exact

Several processes may write at once (the sandbox server, the CLI placing a letter): a file is
written atomically before the row that names it, every change is one short transaction, and the
delivery of a letter is claimed with a conditional UPDATE, so two UPDs never both win.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, fields
from pathlib import Path

from ..fsutil import atomic_write_bytes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS letters (
    id              TEXT PRIMARY KEY,
    payer_nip       TEXT NOT NULL,
    payer_name      TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    placed_at       TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    content_size    INTEGER NOT NULL,
    in_reply_to     TEXT NOT NULL DEFAULT '',
    delivered_at    TEXT,
    delivered_by    TEXT NOT NULL DEFAULT '',
    upd_sha256      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS letters_payer ON letters(payer_nip, placed_at);
CREATE INDEX IF NOT EXISTS letters_reply ON letters(in_reply_to);
"""


@dataclass(frozen=True)
class LetterRow:
    id: str
    payer_nip: str
    payer_name: str
    title: str
    kind: str
    placed_at: str
    content_sha256: str
    content_size: int
    in_reply_to: str
    delivered_at: str | None
    delivered_by: str
    upd_sha256: str


def _row(r: sqlite3.Row) -> LetterRow:
    return LetterRow(**{f.name: r[f.name] for f in fields(LetterRow)})


class LettersStore:
    def __init__(self, state_dir: Path | str) -> None:
        self.dir = Path(state_dir) / "letters"
        (self.dir / "content").mkdir(parents=True, exist_ok=True)
        (self.dir / "upd").mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.dir / "letters.db", check_same_thread=False, isolation_level=None,
                                     timeout=10)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 10000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def content_path(self, letter_id: str) -> Path:
        return self.dir / "content" / f"{letter_id}.xml"

    def upd_path(self, letter_id: str, upd_sha256: str) -> Path:
        """Named by the UPD's digest too: a UPD that lost a race never overwrites the winner's file."""
        import base64

        return self.dir / "upd" / f"{letter_id}-{base64.b64decode(upd_sha256).hex()[:16]}.xml"

    def add(self, row: LetterRow, content: bytes) -> LetterRow:
        """Store a placed letter: the sealed file first, then its row."""
        atomic_write_bytes(self.content_path(row.id), content)
        names = [f.name for f in fields(LetterRow)]
        with self._lock:
            self._conn.execute(f"INSERT INTO letters ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                               tuple(getattr(row, n) for n in names))
        return row

    def get(self, letter_id: str) -> LetterRow | None:
        with self._lock:
            r = self._conn.execute("SELECT * FROM letters WHERE id = ?", (letter_id,)).fetchone()
        return _row(r) if r else None

    def for_payers(self, nips: list[str], since: str = "") -> list[LetterRow]:
        if not nips:
            return []
        marks = ",".join("?" for _ in nips)
        with self._lock:
            rows = self._conn.execute(f"SELECT * FROM letters WHERE payer_nip IN ({marks}) AND placed_at >= ? "
                                      "ORDER BY placed_at, id", (*nips, since)).fetchall()
        return [_row(r) for r in rows]

    def all(self) -> list[LetterRow]:
        with self._lock:
            return [_row(r) for r in self._conn.execute("SELECT * FROM letters ORDER BY placed_at, id").fetchall()]

    def replies_to(self, reference: str) -> list[LetterRow]:
        with self._lock:
            rows = self._conn.execute("SELECT * FROM letters WHERE in_reply_to = ? ORDER BY placed_at",
                                      (reference,)).fetchall()
        return [_row(r) for r in rows]

    def claim_delivery(self, letter_id: str, *, at: str, by: str, upd: bytes, upd_sha256: str) -> bool:
        """Record the first UPD for a letter; False when another one was recorded first."""
        path = self.upd_path(letter_id, upd_sha256)
        with self._lock:
            current = self.get(letter_id)
            if current is None or current.upd_sha256:
                return False
            atomic_write_bytes(path, upd)
            cursor = self._conn.execute(
                "UPDATE letters SET delivered_at = ?, delivered_by = ?, upd_sha256 = ? "
                "WHERE id = ? AND upd_sha256 = ''", (at, by, upd_sha256, letter_id))
            return cursor.rowcount == 1
