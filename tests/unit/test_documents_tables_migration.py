"""The declarations' tables come from the migration runner for every workspace (issue 15, step 0.4):
a workspace made while 0002 was an empty placeholder, or before it had absences, gets them on opening,
in today's shape, instead of from DocumentService on first use."""

from __future__ import annotations

import sqlite3

from eplatnik.app import App
from eplatnik.store.database import Database
from eplatnik.store.legacy_migrations import migrations, schema_version

TABLES = ("document_sets", "documents", "document_transitions", "absences")
LATER_COLUMNS = (("audit_log", "seat"), ("audit_log", "payer_id"), ("document_transitions", "seat"),
                 ("submissions", "seat"))


def _version_before_documents_tables() -> int:
    (number,) = [v for v, name, _ in migrations() if name.endswith("_documents_tables.sql")]
    return number - 1


def _shape(path) -> dict:
    """Columns (name, type, NOT NULL, key; not the defaults: 0010 has no SQL timestamp defaults) and
    indexes of the four tables."""
    conn = sqlite3.connect(path)
    try:
        return {table: ([row[1:4] + row[5:] for row in conn.execute(f"PRAGMA table_info({table})")],
                        sorted(row[1] for row in conn.execute(f"PRAGMA index_list({table})")))
                for table in TABLES}
    finally:
        conn.close()


def _without_tables(path, tables) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for table in tables:
        conn.execute(f"DROP TABLE {table}")
    # what later migrations add is not there yet either (0011: the seat and payer columns)
    conn.execute("DROP INDEX IF EXISTS audit_log_payer")
    conn.execute("DROP TABLE IF EXISTS holds")  # 0012
    conn.execute("DROP INDEX IF EXISTS document_sets_one_built")
    conn.execute("DROP TABLE IF EXISTS evidence_files")  # 0013
    conn.execute("DROP TABLE IF EXISTS workspace_settings")  # 0014
    conn.execute("DROP TABLE IF EXISTS workspace_files")  # 0015
    for table, column in LATER_COLUMNS:
        if column in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DROP TABLE alembic_version")  # a workspace of that time knew only user_version
    conn.execute(f"PRAGMA user_version = {_version_before_documents_tables():d}")
    conn.close()


def test_a_workspace_without_the_absences_table_gets_it_when_opened(tmp_path):
    Database(tmp_path / "today.db").close()
    Database(tmp_path / "old.db").close()
    _without_tables(tmp_path / "old.db", ["absences"])

    db = Database(tmp_path / "old.db")
    try:
        assert db.user_version() == schema_version()
    finally:
        db.close()
    assert _shape(tmp_path / "old.db") == _shape(tmp_path / "today.db")


def test_a_workspace_without_any_document_table_opens_and_lists_its_sets(tmp_path):
    Database(tmp_path / "today.db").close()
    base = tmp_path / "old"
    App(base).close()
    _without_tables(base / "eplatnik.db", TABLES)

    app = App(base)
    try:
        assert app.documents.list_sets() == []
    finally:
        app.close()
    assert _shape(base / "eplatnik.db") == _shape(tmp_path / "today.db")
