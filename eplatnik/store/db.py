"""The names store code imported before the store boundary (issue 15), kept importable.

New code imports from ``store.database`` (Database), ``store.conn`` (Conn), ``store.errors`` (the
messages) and ``store.legacy_migrations`` (the numbered .sql files).
"""

from __future__ import annotations

from .database import Database, open_database
from .errors import (
    DB_CORRUPT,
    DB_FULL,
    DB_FULL_HINT,
    DB_LOCKED,
    DB_LOCKED_HINT,
    DB_READONLY,
    DB_READONLY_HINT,
    DB_TOO_NEW,
    DB_TOO_NEW_HINT,
    translate_sqlite_error,
)
from .legacy_migrations import migrations, schema_version
from .legacy_migrations import split_sql as _split_sql

__all__ = [
    "DB_CORRUPT", "DB_FULL", "DB_FULL_HINT", "DB_LOCKED", "DB_LOCKED_HINT", "DB_READONLY", "DB_READONLY_HINT",
    "DB_TOO_NEW", "DB_TOO_NEW_HINT", "Database", "_split_sql", "migrations", "open_database", "schema_version",
    "translate_sqlite_error",
]
