"""store/schema.py (the portable schema, issue 15 step A1) is what the migrations build (the Alembic chain
that creates a workspace, store/alembic; its released revisions run the numbered .sql files).

Compared on SQLite, table by table: columns (type affinity, NOT NULL, default, primary key), unique
constraints, indexes (columns, uniqueness, partial WHERE), foreign keys (with ON DELETE) and CHECKs.
Two differences are intended: the legacy ``strftime('now')`` timestamp defaults are not in the
portable schema (the program passes every timestamp from its clock), and the ``payers_name`` index
has no ``COLLATE NOCASE`` (names are ordered in Python, register/sorting.py).
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from eplatnik.store.database import Database


def _affinity(declared: str) -> str:
    """SQLite's type affinity rules (https://www.sqlite.org/datatype3.html, 3.1)."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if any(k in t for k in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not t or "BLOB" in t:
        return "BLOB"
    if any(k in t for k in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _default(value: str | None) -> str | None:
    if value is None or "strftime" in value.lower():
        return None
    return value.strip("'")


def _checks(create_sql: str) -> set[str]:
    found = set()
    for match in re.finditer(r"\bCHECK\s*\(", create_sql, re.I):
        depth, start = 1, match.end()
        i = start
        while depth:
            depth += {"(": 1, ")": -1}.get(create_sql[i], 0)
            i += 1
        body = create_sql[start:i - 1]
        found.add(re.sub(r"\s+", " ", body.replace('"', "")).strip())
    return found


def _where(create_sql: str | None) -> str:
    if not create_sql:
        return ""
    match = re.search(r"\bWHERE\b(.*)$", create_sql, re.I | re.S)
    return re.sub(r"[\s()]+", " ", match.group(1)).strip() if match else ""


def describe(conn: sqlite3.Connection) -> dict[str, dict]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version' ORDER BY name")]
    out = {}
    for table in tables:
        columns = {r[1]: (_affinity(r[2]), bool(r[3]) or bool(r[5]), _default(r[4]), r[5])
                   for r in conn.execute(f"PRAGMA table_info({table})")}
        uniques, indexes = set(), {}
        for _seq, name, unique, origin, _partial in conn.execute(f"PRAGMA index_list({table})"):
            cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({name})"))
            if origin == "u":
                uniques.add(cols)
            elif origin == "c":
                sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                                   (name,)).fetchone()[0]
                indexes[name] = (cols, bool(unique), _where(sql))
        fks = {(r[3], r[2], r[4], r[6]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")}
        create = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
        out[table] = {"columns": columns, "uniques": uniques, "indexes": indexes, "foreign_keys": fks,
                      "checks": _checks(create)}
    return out


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    path = tmp_path_factory.mktemp("legacy") / "legacy.db"
    Database(path).close()
    conn = sqlite3.connect(path)
    yield describe(conn)
    conn.close()


@pytest.fixture(scope="module")
def portable(tmp_path_factory):
    from sqlalchemy import create_engine

    from eplatnik.store.schema import metadata

    path = tmp_path_factory.mktemp("portable") / "portable.db"
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    yield describe(conn)
    conn.close()


def test_the_same_tables(legacy, portable):
    assert sorted(portable) == sorted(legacy)


@pytest.mark.parametrize("part", ["columns", "uniques", "indexes", "foreign_keys", "checks"])
def test_each_table_is_the_same(legacy, portable, part):
    differ = {t: (legacy[t][part], portable[t][part]) for t in legacy
              if t in portable and legacy[t][part] != portable[t][part]}
    assert not differ, "\n".join(f"{t}:\n  legacy   {a}\n  portable {b}" for t, (a, b) in differ.items())


def test_ids_stay_rowid_aliases_on_sqlite(tmp_path):
    """INTEGER PRIMARY KEY, as the legacy tables have: ids are the rowid, so a copy keeps them."""
    from sqlalchemy import create_engine
    from sqlalchemy.schema import CreateTable

    from eplatnik.store.schema import payers

    ddl = str(CreateTable(payers).compile(create_engine("sqlite://")))
    assert re.search(r"\bid INTEGER NOT NULL\b", ddl) and "PRIMARY KEY (id)" in ddl


def test_postgresql_ddl_uses_identity_bigint_and_c_collation():
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable

    from eplatnik.store.schema import insured_persons, submissions

    ddl = str(CreateTable(submissions).compile(dialect=postgresql.dialect()))
    assert "id BIGINT GENERATED BY DEFAULT AS IDENTITY" in ddl
    assert 'next_attempt_at TEXT COLLATE "C" NOT NULL' in ddl
    assert "strftime" not in ddl
    index = next(i for i in insured_persons.indexes if i.name == "insured_payer_pesel")
    assert "WHERE pesel <> ''" in str(CreateIndex(index).compile(dialect=postgresql.dialect()))
