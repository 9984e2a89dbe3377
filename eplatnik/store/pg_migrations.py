"""The workspace schema on PostgreSQL (issue 16, step 16.2): created at the newest revision, migrated
forward by numbered PostgreSQL DDL kept beside the SQLite migrations.

One revision number for both backends: the number of the newest SQLite migration
(``store/migrations/NNNN_*.sql``, SQLite's ``PRAGMA user_version``), kept on PostgreSQL in
``eplatnik_meta.schema_revision``. An empty office database gets ``store/schema.py``'s portable
``MetaData`` (which a test keeps equal to the SQLite chain's result) and that number, in one
transaction. A database at an older revision runs ``migrations/postgresql/NNNN_*.sql`` for each newer
number, each statement in the same transaction; one at a newer revision than this program knows is
refused (``DB_TOO_NEW``, as on SQLite). The caller (``dialects/postgresql.py``) holds the opening
advisory lock and reads the state again once it holds it, so seats opening together migrate once.

Why not Alembic (refactor plan 2.3): SQLite still migrates by its numbered files, so Alembic would be a
second numbering for one backend, with its own version table beside ``eplatnik_meta``, and a package
path for the frozen bundle. Hand-written PostgreSQL DDL per migration is the same amount of work as an
Alembic revision body, keeps one number for both backends, and is read without importing anything.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from typing import TYPE_CHECKING

from ..errors import StorageError
from . import legacy_migrations
from .errors import DB_TOO_NEW, DB_TOO_NEW_HINT

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

#: the first revision office databases were created at: migrations up to it have no PostgreSQL file
BASELINE = 10
META_TABLE = "eplatnik_meta"
_FILE_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def head() -> int:
    """The revision this program creates and expects: the newest SQLite migration's number."""
    return legacy_migrations.schema_version()


def migrations() -> dict[int, tuple[str, str]]:
    """The packaged PostgreSQL migrations: number → (file name, SQL)."""
    found: dict[int, tuple[str, str]] = {}
    folder = resources.files("eplatnik.store").joinpath("migrations").joinpath("postgresql")
    if not folder.is_dir():  # none released yet (an installed package has no empty folders)
        return found
    for entry in folder.iterdir():
        match = _FILE_RE.match(entry.name)
        if match:
            found[int(match.group(1))] = (entry.name, entry.read_text(encoding="utf-8"))
    return found


def revision(conn: Connection) -> int:
    """The revision recorded in eplatnik_meta (0: eplatnik_meta only, no schema yet)."""
    from sqlalchemy import text

    value = conn.execute(text(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_revision'")).scalar()
    try:
        return int(value or 0)
    except ValueError:  # not a number this program writes: a later program's (e.g. an Alembic id)
        raise StorageError(DB_TOO_NEW(found=value, supported=head()), hint=DB_TOO_NEW_HINT) from None


def upgrade(conn: Connection) -> None:
    """Bring the database to :func:`head` inside the caller's transaction (which holds the advisory lock)."""
    from sqlalchemy import text

    current, target = revision(conn), head()
    if current > target:
        raise StorageError(DB_TOO_NEW(found=current, supported=target), hint=DB_TOO_NEW_HINT)
    if current == target:
        return
    if current == 0:
        from .schema import metadata

        log.info("creating the workspace schema (revision %d) in the office database", target)
        metadata.create_all(conn, checkfirst=False)
    else:
        available = migrations()
        for version in range(current + 1, target + 1):
            if version not in available:
                raise RuntimeError(f"no PostgreSQL counterpart of migration {version:04d} "
                                   "(store/migrations/postgresql/)")
            name, sql = available[version]
            log.info("applying %s to the office database", name)
            for statement in split_sql(sql):
                conn.exec_driver_sql(statement)
    conn.execute(text(f"UPDATE {META_TABLE} SET value = :v WHERE key = 'schema_revision'"), {"v": str(target)})


def split_sql(script: str) -> list[str]:
    """A PostgreSQL migration's statements: each ends with a line ending in ``;`` outside a quoted string
    (SQLite's splitter would wait for an ``END;`` after a ``CREATE TRIGGER``, which PostgreSQL's lack)."""
    statements: list[str] = []
    buf: list[str] = []
    for line in script.splitlines():
        stripped = line.strip()
        if not buf and (stripped.startswith("--") or not stripped):
            continue
        buf.append(line)
        if stripped.endswith(";") and "\n".join(buf).count("'") % 2 == 0:
            statements.append("\n".join(buf))
            buf = []
    if buf and "\n".join(buf).strip():
        statements.append("\n".join(buf))
    return statements
