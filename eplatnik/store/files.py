"""SQLite files the workspace tools handle as files (backup and restore), not as the open database.

A backup copies the live database through ``Database.backup_sqlite_to`` and reads the copy's schema
version here; other SQLite files of the workspace (the sandbox's state) are snapshotted here; a
restore asks here whether another program holds the database it is about to move aside.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from .legacy_migrations import user_version

log = logging.getLogger(__name__)


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def schema_version_of(db_file: Path) -> int:
    """The legacy schema version (``PRAGMA user_version``) of a closed database file, read only."""
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return user_version(conn)
    finally:
        conn.close()


def snapshot_sqlite_file(path: Path, copy: Path) -> bool:
    """A consistent copy of the SQLite file ``path`` (its WAL included) at ``copy``; False when it
    cannot be read as SQLite (the caller copies the file as it is)."""
    try:
        _backup(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0), copy)
    except sqlite3.Error:
        log.warning("cannot snapshot %s with SQLite; copying the file as it is", path)
        return False
    return True


def copy_leaving_no_trace(path: Path, copy: Path) -> None:
    """A consistent copy of the workspace database ``path`` at ``copy`` that leaves ``path``'s folder as
    it was (``workspace migrate``: the source stays byte for byte, no -wal/-shm files left beside it).

    A read-only connection would leave the WAL-index files it had to create; a read-write one that reads
    only is the last to close (when no program holds the workspace) and removes them, and its checkpoint
    of an empty WAL writes nothing into the database file."""
    _backup(sqlite3.connect(str(path), timeout=5.0), copy)


def _backup(src: sqlite3.Connection, copy: Path) -> None:
    """SQLite's online backup of ``src`` into a new file ``copy``; both connections closed after."""
    try:
        dest = sqlite3.connect(str(copy))
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def held_by_another_process(db_file: Path) -> bool:
    """Whether another program (an open eplatnik window) holds the database file ``db_file``.

    A file that is missing or not a database is held by nobody."""
    if not db_file.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{db_file}?mode=rw", uri=True, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False  # not openable as a database at all
    try:
        # an idle connection in WAL mode keeps a shared lock, so an exclusive one is refused at once
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return False
