"""Where the evidence bytes live: signed declarations, packages as sent, receipts, letters from ZUS,
UPDs and the stored copies of imported KEDU files (issue 16, step 16.3).

Every writer and reader of such bytes goes through an :class:`EvidenceStore`, keyed by the relative,
'/'-separated path the referencing rows already hold (``submissions.document_path``, ``receipts.path``,
``letters.content_path`` …):

``FileEvidence``  one seat (SQLite): the files under ``<workspace>/documents/`` as always; the workspace
                  backup copies them with the database.
``DbEvidence``    an office (PostgreSQL): table ``evidence_files`` in the shared database (path, SHA-256,
                  size, bytes, when stored), so nothing evidential lives only on one seat's disk. A seat
                  that must hand a file to a viewer gets a checked copy in its own cache folder.

``get`` never returns bytes that do not match: a stored row whose bytes no longer have its digest, or a
file or row that differs from the digest the caller recorded, is :class:`EvidenceDamaged` (a clear Polish
message), and a missing one :class:`EvidenceMissing`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, sha256_hex
from ..i18n import t

if TYPE_CHECKING:
    from ..clock import Clock
    from .conn import Conn
    from .database import Database

MISSING = t("Brak pliku dowodowego {path}.", "The evidence file {path} is missing.")
DAMAGED = t("Plik dowodowy {path} zmienił się od zapisania (SHA-256 {found}… zamiast {expected}…).",
            "The evidence file {path} changed since it was stored (SHA-256 {found}… instead of {expected}…).")
DAMAGED_HINT = t("Nie używaj tego pliku. Sprawdź wszystkie dowody (eplatnik-cli receipts verify --all) i przywróć "
                 "dane z kopii zapasowej.", "Do not use this file. Check all evidence (eplatnik-cli receipts verify "
                 "--all) and restore the data from a backup.")
BAD_PATH = t("Niedozwolona ścieżka pliku dowodowego: {path}.", "Forbidden evidence file path: {path}.")


class EvidenceMissing(UserFacingError):
    def __init__(self, path: str) -> None:
        super().__init__(MISSING(path=path), hint=DAMAGED_HINT)
        self.path = path


class EvidenceDamaged(UserFacingError):
    def __init__(self, path: str, found: str, expected: str) -> None:
        super().__init__(DAMAGED(path=path, found=found[:16], expected=expected[:16]), hint=DAMAGED_HINT)
        self.path, self.found, self.expected = path, found, expected


def key(path: str | os.PathLike[str]) -> str:
    """The stored form of a relative path: '/'-separated; absolute paths and '..' are refused."""
    text = os.fspath(path).replace("\\", "/")
    pure = PurePosixPath(text)
    if not text or pure.is_absolute() or ".." in pure.parts or ":" in text:
        raise UserFacingError(BAD_PATH(path=text))
    return pure.as_posix()


class EvidenceStore(Protocol):
    def put(self, path: str | os.PathLike[str], data: bytes) -> str:
        """Store ``data`` at ``path`` (replacing what was there); returns its hex SHA-256."""

    def get(self, path: str | os.PathLike[str], sha256: str | None = None) -> bytes:
        """The bytes at ``path``, checked (the stored digest; ``sha256``: the hex digest the caller
        recorded). EvidenceMissing / EvidenceDamaged otherwise."""

    def exists(self, path: str | os.PathLike[str]) -> bool: ...

    def paths(self) -> list[str]:
        """Every stored path, sorted."""

    def export(self, path: str | os.PathLike[str], target: Path, sha256: str | None = None) -> Path:
        """A checked copy of ``path`` written atomically at ``target``."""

    def local_path(self, path: str | os.PathLike[str]) -> Path:
        """A file on this seat's disk with the bytes of ``path`` (for a viewer or a copy)."""

    def delete(self, path: str | os.PathLike[str]) -> None:
        """Remove ``path`` (only files never recorded: see ReceiptArchive.discard)."""

    def older_than(self, prefix: str, seconds: float, name: re.Pattern[str] | None = None) -> list[str]:
        """Paths under ``prefix`` (whose file name matches ``name``) stored more than ``seconds`` ago."""


def _check(path: str, data: bytes, expected: str | None) -> bytes:
    if expected:
        found = sha256_hex(data)
        if found != expected.lower():
            raise EvidenceDamaged(path, found, expected)
    return data


class FileEvidence:
    """One seat: the evidence files under the workspace's ``documents/`` folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def file(self, path: str | os.PathLike[str]) -> Path:
        return self.root.joinpath(*key(path).split("/"))

    def put(self, path: str | os.PathLike[str], data: bytes) -> str:
        atomic_write_bytes(self.file(path), data)
        return sha256_hex(data)

    def get(self, path: str | os.PathLike[str], sha256: str | None = None) -> bytes:
        name = key(path)
        try:
            data = self.file(name).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise EvidenceMissing(name) from None
        return _check(name, data, sha256)

    def exists(self, path: str | os.PathLike[str]) -> bool:
        return self.file(path).is_file()

    def paths(self) -> list[str]:
        if not self.root.is_dir():
            return []
        found = []
        for root, dirs, files in os.walk(self.root):
            dirs.sort()
            for name in files:
                if name.startswith(".") and name.endswith(".tmp"):  # an unfinished atomic write
                    continue
                found.append((Path(root) / name).relative_to(self.root).as_posix())
        return sorted(found)

    def export(self, path: str | os.PathLike[str], target: Path, sha256: str | None = None) -> Path:
        atomic_write_bytes(target, self.get(path, sha256))
        return Path(target)

    def local_path(self, path: str | os.PathLike[str]) -> Path:
        return self.file(path)

    def delete(self, path: str | os.PathLike[str]) -> None:
        self.file(path).unlink(missing_ok=True)

    def older_than(self, prefix: str, seconds: float, name: re.Pattern[str] | None = None) -> list[str]:
        base = self.file(prefix)
        if not base.is_dir():
            return []
        cutoff = time.time() - seconds  # machine time: compared with the files' mtimes
        found = []
        for path in base.rglob("*"):
            if name is not None and not name.fullmatch(path.name):
                continue
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime <= cutoff:
                    found.append(path.relative_to(self.root).as_posix())
        return sorted(found)


class DbEvidence:
    """An office: the evidence bytes in table ``evidence_files`` of the shared database.

    ``clock`` dates what is stored (the program's clock); ``cache_dir`` (this seat's) receives the
    checked copies :meth:`local_path` hands to viewers."""

    def __init__(self, db: Database, *, clock: Clock, cache_dir: Path) -> None:
        self.db = db
        self.clock = clock
        self.cache_dir = Path(cache_dir)

    def put(self, path: str | os.PathLike[str], data: bytes) -> str:
        name, digest, stored_at = key(path), sha256_hex(data), self.clock.now_iso()
        self.db.transaction(lambda c: store_rows(c, [{"path": name, "sha256": digest, "size": len(data),
                                                      "data": bytes(data), "stored_at": stored_at}]))
        return digest

    def get(self, path: str | os.PathLike[str], sha256: str | None = None) -> bytes:
        from sqlalchemy import select

        from .schema import evidence_files as ef

        name = key(path)
        row = self.db.run(lambda c: c.execute(select(ef.c.sha256, ef.c.data).where(ef.c.path == name)).first())
        if row is None:
            raise EvidenceMissing(name)
        data = bytes(row.data)
        found = sha256_hex(data)
        if found != row.sha256:
            raise EvidenceDamaged(name, found, row.sha256)
        return _check(name, data, sha256)

    def exists(self, path: str | os.PathLike[str]) -> bool:
        from sqlalchemy import select

        from .schema import evidence_files as ef

        name = key(path)
        return self.db.run(lambda c: c.execute(select(ef.c.path).where(ef.c.path == name)).first()) is not None

    def paths(self) -> list[str]:
        from sqlalchemy import select

        from .schema import evidence_files as ef

        return sorted(self.db.run(lambda c: list(c.execute(select(ef.c.path)).scalars())))

    def digests(self) -> dict[str, str]:
        """path → the recorded SHA-256 of every stored file (no bytes read)."""
        from sqlalchemy import select

        from .schema import evidence_files as ef

        return dict(self.db.run(lambda c: [tuple(r) for r in c.execute(select(ef.c.path, ef.c.sha256))]))

    def export(self, path: str | os.PathLike[str], target: Path, sha256: str | None = None) -> Path:
        atomic_write_bytes(target, self.get(path, sha256))
        return Path(target)

    def local_path(self, path: str | os.PathLike[str]) -> Path:
        name = key(path)
        return self.export(name, self.cache_dir.joinpath(*name.split("/")))

    def delete(self, path: str | os.PathLike[str]) -> None:
        from sqlalchemy import delete

        from .schema import evidence_files as ef

        name = key(path)
        self.db.transaction(lambda c: c.execute(delete(ef).where(ef.c.path == name)))

    def older_than(self, prefix: str, seconds: float, name: re.Pattern[str] | None = None) -> list[str]:
        from sqlalchemy import select

        from .schema import evidence_files as ef

        cutoff = (self.clock.now() - dt.timedelta(seconds=seconds)).astimezone(dt.UTC)
        cutoff_iso = cutoff.isoformat(timespec="milliseconds").replace("+00:00", "Z")  # as Clock.now_iso
        like = key(prefix).rstrip("/") + "/"
        paths = self.db.run(lambda c: list(c.execute(
            select(ef.c.path).where(ef.c.path.startswith(like, autoescape=True), ef.c.stored_at <= cutoff_iso)
        ).scalars()))
        return sorted(p for p in paths if name is None or name.fullmatch(p.rsplit("/", 1)[-1]))


def store_rows(conn: Conn, rows: Iterable[dict[str, object]]) -> None:
    """Insert or replace ``evidence_files`` rows (path, sha256, size, data, stored_at) in ``conn``'s transaction."""
    from .schema import evidence_files as ef

    batch = list(rows)
    if not batch:
        return
    if conn.dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        pg = pg_insert(ef)
        conn.execute(pg.on_conflict_do_update(index_elements=[ef.c.path], set_={
            c: pg.excluded[c] for c in ("sha256", "size", "data", "stored_at")}), batch)
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    lite = sqlite_insert(ef)
    conn.execute(lite.on_conflict_do_update(index_elements=[ef.c.path], set_={
        c: lite.excluded[c] for c in ("sha256", "size", "data", "stored_at")}), batch)
