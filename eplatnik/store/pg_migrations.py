"""The released PostgreSQL counterparts of the numbered migrations (``migrations/postgresql/NNNN_*.sql``)
and ``eplatnik_meta.schema_revision``.

Office databases were created at revision 10 (``BASELINE``) or later from ``store/schema.py``; each
numbered migration after it got a PostgreSQL file with the same number and name, which the Alembic
revision of that number runs on PostgreSQL (``store/alembic/runner.py: run_released_sql``). The files
are frozen like the SQLite ones; new migrations are Alembic revisions written once for both backends.

``eplatnik_meta.schema_revision`` is where programs before Alembic recorded an office database's
revision. Alembic records it in ``alembic_version`` now, and the number in ``eplatnik_meta`` is kept in
step with it (``runner.py``): a database without ``alembic_version`` is recognised by that number and
recorded (stamped) at it before it is upgraded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StorageError
from .errors import DB_TOO_NEW, DB_TOO_NEW_HINT

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

#: the first revision office databases were created at: migrations up to it have no PostgreSQL file
BASELINE = 10
META_TABLE = "eplatnik_meta"
_FILE_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def head() -> int:
    """The revision this program creates and expects (the newest Alembic revision's number)."""
    from .alembic import head_number

    return head_number()


def migrations() -> dict[int, tuple[str, str]]:
    """The packaged PostgreSQL migrations: number → (file name, SQL)."""
    found: dict[int, tuple[str, str]] = {}
    for entry in (Path(__file__).resolve().parent / "migrations" / "postgresql").iterdir():
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
    except ValueError:  # not a number this program writes: a later program's
        raise StorageError(DB_TOO_NEW(found=value, supported=head()), hint=DB_TOO_NEW_HINT) from None


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
