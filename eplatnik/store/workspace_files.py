"""Files the whole workspace shares, in its database (table ``workspace_files``, migration 0015; issue 16).

Three kinds: the contribution parameter files installed into the workspace (``params``, one row per
year), the official KEDU schema chosen in Ustawienia (``kedu_schema``) and the trusted CA bundle for
signature verification (``ca_bundle``). An office keeps them in its PostgreSQL database, so desk A
installing 2027's figures makes every desk compute with them, and a schema or bundle chosen at one desk
is what every desk validates and verifies with — no path on one desk's disk. A one-seat SQLite workspace
keeps them in the same table of its own database (one code path; the workspace backup, ``workspace
migrate`` and the office backup carry the table like every other).

Every read of the bytes checks them against the stored SHA-256: a row whose bytes no longer match is
:class:`WorkspaceFileDamaged` (a clear Polish message), never data. ``local_copy`` gives a consumer that
wants a file (lxml's schema loader, the trust bundle loader, the parameter loader) a checked copy in this
seat's cache folder, named by the digest, so a change at another desk is a new file here at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, sha256_hex
from ..i18n import Text, t

if TYPE_CHECKING:
    from ..clock import Clock
    from .conn import Conn
    from .database import Database

PARAMS, KEDU_SCHEMA, CA_BUNDLE = "params", "kedu_schema", "ca_bundle"
KINDS = (PARAMS, KEDU_SCHEMA, CA_BUNDLE)
#: what each kind is called in messages
KIND_NAMES: dict[str, Text] = {
    PARAMS: t("plik parametrów składek", "contribution parameter file"),
    KEDU_SCHEMA: t("schemat KEDU", "KEDU schema"),
    CA_BUNDLE: t("lista zaufanych urzędów certyfikacji", "trusted CA bundle"),
}

DAMAGED = t("Plik {name} ({what}) w bazie danych zmienił się od zapisania (SHA-256 {found}… zamiast {expected}…) "
            "— nie zostanie użyty.",
            "The file {name} ({what}) in the database changed since it was stored (SHA-256 {found}… instead of "
            "{expected}…) — it will not be used.")
DAMAGED_HINT = t("Wskaż ten plik ponownie w Ustawieniach (albo usuń go tam), albo przywróć bazę z kopii zapasowej.",
                 "Choose the file again in Settings (or remove it there), or restore the database from a backup.")


class WorkspaceFileDamaged(UserFacingError):
    def __init__(self, kind: str, name: str, found: str, expected: str) -> None:
        super().__init__(DAMAGED(what=KIND_NAMES.get(kind, Text(kind, kind)).render(), name=name,
                                 found=found[:16], expected=expected[:16]), hint=DAMAGED_HINT)
        self.kind, self.name, self.found, self.expected = kind, name, found, expected


@dataclass(frozen=True)
class StoredFile:
    """One row without its bytes: what Ustawienia shows (name, who stored it and when)."""

    kind: str
    key: str
    name: str
    sha256: str
    size: int
    changed_at: str
    changed_by: str


class WorkspaceFileStore:
    """The rows of ``workspace_files`` (see the module docstring)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    @property
    def office(self) -> bool:
        """The database is an office's (shared by several seats)."""
        return self.db.dialect == "postgresql"

    def list(self, kind: str | None = None) -> list[StoredFile]:
        """The stored files (of ``kind``), without their bytes, by kind and key."""
        from sqlalchemy import select

        from .schema import workspace_files as wf

        query = select(wf.c.kind, wf.c.key, wf.c.name, wf.c.sha256, wf.c.size, wf.c.changed_at, wf.c.changed_by)
        if kind is not None:
            query = query.where(wf.c.kind == kind)
        query = query.order_by(wf.c.kind, wf.c.key)
        rows: list[Any] = self.db.run(lambda c: list(c.execute(query).all()))
        return [StoredFile(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), str(r[5]), str(r[6])) for r in rows]

    def about(self, kind: str, key: str = "") -> StoredFile | None:
        return next((f for f in self.list(kind) if f.key == key), None)

    def get(self, kind: str, key: str = "") -> tuple[StoredFile, bytes] | None:
        """The row and its bytes, checked against the stored digest; None when nothing is stored."""
        from sqlalchemy import select

        from .schema import workspace_files as wf

        row = self.db.run(lambda c: c.execute(select(wf).where(wf.c.kind == kind, wf.c.key == key)).first())
        if row is None:
            return None
        data = bytes(row.data)
        found = sha256_hex(data)
        if found != row.sha256:
            raise WorkspaceFileDamaged(kind, str(row.name), found, str(row.sha256))
        return StoredFile(kind, key, str(row.name), str(row.sha256), len(data), str(row.changed_at),
                          str(row.changed_by)), data

    def put(self, kind: str, data: bytes, *, name: str, changed_by: str, key: str = "") -> StoredFile:
        """Store ``data`` (already checked by the caller) as the workspace's file of ``kind``/``key``,
        replacing what was there, in one transaction; other seats hear of it (the change feed)."""
        stored = StoredFile(kind, key, Path(name).name or name, sha256_hex(data), len(data),
                            self.clock.now_iso(), changed_by)
        self.db.transaction(lambda c: store_rows(c, [{**stored.__dict__, "data": bytes(data)}]))
        return stored

    def remove(self, kind: str, key: str = "") -> bool:
        """Remove the stored file; True when there was one."""
        from sqlalchemy import delete

        from .schema import workspace_files as wf

        def write(conn: Conn) -> bool:
            removed = conn.execute(delete(wf).where(wf.c.kind == kind, wf.c.key == key)).rowcount or 0
            conn.notify("workspace_files")
            return removed > 0

        return bool(self.db.transaction(write))

    def local_copy(self, cache_dir: Path, kind: str, key: str = "", suffix: str = "") -> tuple[StoredFile, Path] | None:
        """A checked copy of the stored file on this seat's disk (``cache_dir/<kind>/<key>-<digest><suffix>``);
        None when nothing is stored. The database's digest is asked every time; the bytes are read (and
        checked) only when this seat has no copy with that digest yet."""
        about = self.about(kind, key)
        if about is None:
            return None
        folder = Path(cache_dir) / kind
        target = folder / f"{key + '-' if key else ''}{about.sha256[:32]}{suffix}"
        try:
            if sha256_hex(target.read_bytes()) == about.sha256:
                return about, target
        except OSError:
            pass
        found = self.get(kind, key)
        if found is None:  # removed in between
            return None
        about, data = found
        atomic_write_bytes(target, data)
        return about, target


def adopt(db: Database, clock: Clock, files: Iterable[tuple[str, str, str, bytes]], *, changed_by: str) -> int:
    """Store (kind, key, name, bytes) files that ``db`` does not hold yet (one that is stored stays as it
    is), in one transaction; returns how many were stored."""
    from sqlalchemy import select

    from .schema import workspace_files as wf

    now = clock.now_iso()

    def write(conn: Conn) -> int:
        stored: list[Any] = list(conn.execute(select(wf.c.kind, wf.c.key)).all())
        have = {(str(r[0]), str(r[1])) for r in stored}
        rows = [{"kind": kind, "key": key, "name": name, "sha256": sha256_hex(data), "size": len(data),
                 "data": bytes(data), "changed_at": now, "changed_by": changed_by}
                for kind, key, name, data in files if (kind, key) not in have]
        store_rows(conn, rows)
        return len(rows)

    return int(db.transaction(write))


def store_rows(conn: Conn, rows: Iterable[dict[str, Any]]) -> None:
    """Insert or replace ``workspace_files`` rows in ``conn``'s transaction (and tell other seats)."""
    from .schema import workspace_files as wf

    batch = list(rows)
    if not batch:
        return
    if conn.dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(wf)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(wf)
    columns = ("name", "sha256", "size", "data", "changed_at", "changed_by")
    conn.execute(stmt.on_conflict_do_update(index_elements=[wf.c.kind, wf.c.key],
                                            set_={c: stmt.excluded[c] for c in columns}), batch)
    conn.notify("workspace_files")
