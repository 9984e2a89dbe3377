"""The released numbered SQLite migrations ``migrations/NNNN_*.sql`` (0001–0015) and ``PRAGMA user_version``.

The files are frozen: the Alembic revisions ``store/alembic/versions/rNNNN_*.py`` of the same numbers run
them (``run_released_sql``), and new migrations are Alembic revisions (docs/architecture.md, "Adding a
migration"). ``user_version`` is kept at the revision's number (``store/alembic/runner.py``), so a
backup's manifest and the restore still read the schema version here.

:func:`migrate` is what programs before Alembic ran when they opened a workspace. The program no longer
calls it; tests build workspaces as those programs left them with it (``upto``), and check that the
Alembic chain creates exactly what it did (tests/unit/test_alembic_migrations.py).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

from ..errors import StorageError
from .errors import DB_TOO_NEW, DB_TOO_NEW_HINT

log = logging.getLogger(__name__)

_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """All packaged migrations as (version, name, sql), in order."""
    found = []
    # the folder beside this module (a checkout, a wheel, a frozen bundle); not importlib.resources, whose
    # imports cost about 5 ms of every start-up
    for entry in (Path(__file__).resolve().parent / "migrations").iterdir():
        m = _MIGRATION_RE.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (version, name, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration numbering gap at {name}")
    return found


def schema_version() -> int:
    """The schema version this program creates and expects: the number of the newest Alembic revision."""
    from .alembic import head_number

    return head_number()


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, upto: int | None = None) -> None:
    """Bring the database on ``conn`` (autocommit mode) to the numbered file ``upto`` (default: the newest)
    the way programs before Alembic did: one ``BEGIN IMMEDIATE`` per file, ``user_version`` only."""
    current = user_version(conn)
    available = migrations()
    if current > len(available):
        raise StorageError(DB_TOO_NEW(found=current, supported=len(available)), hint=DB_TOO_NEW_HINT)
    for version, name, sql in available[current:upto]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process opening the same new workspace may have applied it meanwhile
            if user_version(conn) >= version:
                conn.execute("COMMIT")
                continue
            log.info("applying migration %s", name)
            for statement in split_sql(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def split_sql(script: str) -> list[str]:
    """Split a migration script into statements (our migrations keep triggers out, so ';' ends one)."""
    statements, buf = [], []
    for line in script.splitlines():
        stripped = line.strip()
        if stripped.startswith("--") or not stripped:
            continue
        buf.append(line)
        if stripped.endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            statements.append("\n".join(buf))
            buf = []
    if buf and "\n".join(buf).strip():
        statements.append("\n".join(buf))
    return statements
