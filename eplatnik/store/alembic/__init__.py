"""The workspace schema's migrations: one Alembic revision chain for SQLite and PostgreSQL (issue 16).

The revisions live in ``versions/rNNNN_name.py``; a revision's id is its number (``"0001"`` …), so one
number names a schema on both backends and in a backup's manifest, as it did before Alembic. Alembic
records it in its ``alembic_version`` table; SQLite's ``PRAGMA user_version`` and PostgreSQL's
``eplatnik_meta.schema_revision`` are kept at the same number after every step (``runner.py``), for the
code that reads them (backups, restore, the About dialog).

This module does not import Alembic (about 100 ms, more than the rest of opening a workspace): opening
reads the database's revision with one query and compares it with :func:`head`, which is read from the
file names here. Only a database that needs an upgrade (or a new one) loads ``runner.py`` and Alembic.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NoReturn

from ...errors import StorageError
from ..errors import DB_TOO_NEW, DB_TOO_NEW_HINT

#: the Alembic script folder (env.py, versions/); package data, also inside the frozen bundle
FOLDER = Path(__file__).resolve().parent
_FILE_RE = re.compile(r"^r(\d{4})_[a-z0-9_]+\.py$")


def revisions() -> tuple[str, ...]:
    """The revision ids, oldest first (``"0001"`` …), from the file names in ``versions/``."""
    return _revisions(FOLDER / "versions")


@functools.cache
def _revisions(folder: Path) -> tuple[str, ...]:
    numbers = sorted(m.group(1) for entry in folder.iterdir() if (m := _FILE_RE.match(entry.name)))
    for expected, number in enumerate(numbers, start=1):
        if int(number) != expected:
            raise RuntimeError(f"migration numbering gap at {number} in {folder}")
    return tuple(numbers)


def head() -> str:
    """The revision this program creates and expects (the newest file in ``versions/``)."""
    return revisions()[-1]


def head_number() -> int:
    return int(head())


def refuse_if_unknown(found: str | int) -> None:
    """A revision this program does not know is a later program's: refused in Polish (``DB_TOO_NEW``),
    the database left as it is."""
    text = str(found)
    if text.isdigit() and 0 <= int(text) <= head_number():
        return
    shown = int(text) if text.isdigit() else text
    raise StorageError(DB_TOO_NEW(found=shown, supported=head_number()), hint=DB_TOO_NEW_HINT)


class ForwardOnly(RuntimeError):
    """Asked to take the schema back: eplatnik's migrations go forward only (a backup is the way back)."""


def forward_only() -> NoReturn:
    """Every revision's ``downgrade()``: the schema is never taken back by the program; to go back, restore
    a backup taken before the update (docs/office.md)."""
    raise ForwardOnly("eplatnik migrates forward only: restore a backup taken before the update to go back")


def legacy_stamp(number: int) -> str | None:
    """The revision a database migrated before Alembic is at: its ``user_version`` / ``schema_revision``
    number as a revision id (None: a new, empty database)."""
    refuse_if_unknown(number)
    return None if number == 0 else f"{number:04d}"
