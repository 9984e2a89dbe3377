"""The workspace schema on PostgreSQL (issue 16, step 16.2) and the stores' plain SQL there.

Schema: an empty office database gets ``store/schema.py`` at the newest revision, recorded by Alembic
(``alembic_version``) and in ``eplatnik_meta`` as the number SQLite's ``user_version`` has; seats opening
an empty database together create it once; an older database is brought forward by the Alembic chain,
whose released revisions run ``store/migrations/postgresql/NNNN_*.sql``; a newer one is refused in
Polish (tests/unit/test_alembic_migrations.py: databases from before Alembic, a next revision).
Legacy SQL: ``?``/``:name`` parameters, ``%`` and ``?`` inside literals,
rows by name and position, ``RETURNING``, ``rowcount`` and ``executemany`` on both backends.
Real servers: the throw-away cluster of tests/plugins/postgres.py."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from plugins.postgres import open_together
from support import STRICT

from eplatnik.errors import StorageError
from eplatnik.store import legacy_migrations, pg_migrations
from eplatnik.store.database import Database
from eplatnik.store.legacy_sql import to_psycopg


def _meta(pg_cluster, url: str) -> dict[str, str]:
    return dict(pg_cluster.sql(url.rsplit("/", 1)[1], "SELECT key, value FROM eplatnik_meta"))


# -- the schema ----------------------------------------------------------------------------------------
def test_an_empty_office_database_gets_the_schema_at_the_sqlite_revision(pg_cluster, pg_url, tmp_path):
    from eplatnik.store import schema

    db = Database(pg_url)
    try:
        assert db.schema_revision() == str(legacy_migrations.schema_version())
        tables = set(db.run(lambda c: sa.inspect(c.sa).get_table_names()))
        assert tables == set(schema.metadata.tables) | {"eplatnik_meta", "alembic_version"}
        assert db.run(lambda c: c.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()) \
            == [f"{legacy_migrations.schema_version():04d}"]
    finally:
        db.close()
    lite = Database(tmp_path / "w.db")
    try:  # both backends name the same schema version
        assert lite.schema_revision() == _meta(pg_cluster, pg_url)["schema_revision"]
    finally:
        lite.close()


def test_timestamps_compare_byte_by_byte_whatever_the_servers_locale(pg_cluster, pg_url):
    """Text compared as time (periods, due times) is COLLATE "C": ordering never depends on the locale."""
    db = Database(pg_url)
    db.close()
    name = pg_url.rsplit("/", 1)[1]
    rows = dict(pg_cluster.sql(name, "SELECT column_name, collation_name FROM information_schema.columns "
                                     "WHERE table_name = 'submissions'"))
    assert rows["next_attempt_at"] == "C" and rows["created_at"] == "C"


def test_seats_opening_an_empty_database_together_create_the_schema_once(pg_url):
    opened, errors = open_together(pg_url, 3, timeout=60)
    try:
        assert errors == [] and len(opened) == 3
        assert {db.schema_revision() for db in opened} == {str(pg_migrations.head())}
    finally:
        for db in opened:
            db.close()


def test_two_processes_opening_an_empty_database_together_create_it_once(pg_cluster, pg_url):
    import subprocess
    import sys

    code = ("import sys; from eplatnik.store.database import Database; db = Database(sys.argv[1]); "
            "print(db.schema_revision()); db.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _out, err in outs]
    assert {out.strip() for out, _err in outs} == {str(pg_migrations.head())}
    name = pg_url.rsplit("/", 1)[1]
    assert pg_cluster.sql(name, "SELECT count(*) FROM eplatnik_meta") == [(3,)]
    assert pg_cluster.sql(name, "SELECT count(*) FROM pg_tables WHERE tablename = 'payers'") == [(1,)]


def test_a_database_made_by_the_first_office_build_gets_its_schema(pg_cluster, pg_url):
    """16.1's build left eplatnik_meta with revision 0 and no tables: opening now creates them."""
    name = pg_url.rsplit("/", 1)[1]
    pg_cluster.sql(name, "CREATE TABLE eplatnik_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); "
                         "INSERT INTO eplatnik_meta VALUES ('app', 'eplatnik'), ('schema_revision', '0'), "
                         "('created_at', '2026-12-01T10:00:00.000Z'); "
                         "ALTER TABLE eplatnik_meta OWNER TO eplatnik_test")
    Database(pg_url).close()
    meta = _meta(pg_cluster, pg_url)
    assert meta["schema_revision"] == str(pg_migrations.head())
    assert meta["created_at"] == "2026-12-01T10:00:00.000Z"


@pytest.mark.parametrize("recorded_by", ["alembic", "eplatnik_meta"])
def test_a_newer_database_is_refused_in_polish_and_left_as_it_is(pg_cluster, pg_url, recorded_by):
    """Newer by Alembic's record, or (a database without alembic_version) by eplatnik_meta's number."""
    Database(pg_url).close()
    name = pg_url.rsplit("/", 1)[1]
    newer = pg_migrations.head() + 1
    if recorded_by == "alembic":
        pg_cluster.sql(name, f"UPDATE alembic_version SET version_num = '{newer:04d}'")
    else:
        pg_cluster.sql(name, "DROP TABLE alembic_version")
    pg_cluster.sql(name, f"UPDATE eplatnik_meta SET value = '{newer}' WHERE key = 'schema_revision'")
    with pytest.raises(StorageError) as caught:
        Database(pg_url)
    assert f"wersję schematu {newer}, nowszą niż obsługiwana ({pg_migrations.head()})" in str(caught.value)
    assert "Zaktualizuj program" in str(caught.value.hint)
    assert _meta(pg_cluster, pg_url)["schema_revision"] == str(newer)


def test_every_migration_after_the_baseline_has_its_postgresql_counterpart():
    """A migration released after the office baseline must say what it does on PostgreSQL, under the
    same number and name (store/migrations/postgresql/README.md)."""
    names = {version: name for version, name, _sql in legacy_migrations.migrations()}
    pg = pg_migrations.migrations()
    missing = [names[v] for v in names if v > pg_migrations.BASELINE and v not in pg]
    assert missing == []
    assert {v: n for v, (n, _s) in pg.items()} == {v: names[v] for v in pg}  # same numbers, same names


def _describe(db: Database) -> dict:
    """Tables, columns (type, collation, NOT NULL, default) and indexes, as the server reports them."""
    def read(c):
        columns = c.execute(sa.text(
            "SELECT table_name, column_name, data_type, collation_name, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'eplatnik_meta'"
        )).all()
        indexes = c.execute(sa.text("SELECT tablename, indexname, indexdef FROM pg_indexes "
                                    "WHERE schemaname = current_schema()")).all()
        triggers = c.execute(sa.text("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
                                     )).all()
        return {"columns": sorted(map(tuple, columns)), "indexes": sorted(map(tuple, indexes)),
                "triggers": sorted(map(tuple, triggers))}
    return db.run(read)


def test_each_postgresql_migration_gives_what_schema_py_creates(pg_cluster):
    """For every PostgreSQL migration: a database created at head, with what that migration (and the later
    ones) adds taken out again and its revision set back, is brought forward by the Alembic chain (running
    the files) to exactly the schema ``schema.py`` creates (columns, types, collations, defaults, indexes)
    — from alembic_version's record, or (every other one) as a database from before Alembic."""
    head = pg_migrations.head()
    fresh_url = pg_cluster.url(pg_cluster.create_database())
    with Database(fresh_url) as fresh:
        expected = _describe(fresh)
    undo = {11: "DROP INDEX audit_log_payer; ALTER TABLE audit_log DROP COLUMN seat, DROP COLUMN payer_id; "
                "ALTER TABLE document_transitions DROP COLUMN seat; ALTER TABLE submissions DROP COLUMN seat",
            12: "DROP TABLE holds; DROP INDEX document_sets_one_built; DROP FUNCTION eplatnik_notify() CASCADE",
            13: "DROP TABLE evidence_files",
            14: "DROP TABLE workspace_settings", 15: "DROP TABLE workspace_files"}
    assert set(undo) == set(range(pg_migrations.BASELINE + 1, head + 1)), "add the undo of the new migration here"
    for version in sorted(undo):
        name = pg_cluster.create_database()
        Database(pg_cluster.url(name)).close()
        for later in range(head, version - 1, -1):
            pg_cluster.sql(name, undo[later])
        pg_cluster.sql(name, f"UPDATE eplatnik_meta SET value = '{version - 1}' WHERE key = 'schema_revision'")
        if version % 2:  # as a database from before Alembic: no alembic_version, recorded at its number first
            pg_cluster.sql(name, "DROP TABLE alembic_version")
        else:
            pg_cluster.sql(name, f"UPDATE alembic_version SET version_num = '{version - 1:04d}'")
        with Database(pg_cluster.url(name)) as migrated:
            assert migrated.schema_revision() == str(head)
            assert _describe(migrated) == expected
        assert pg_cluster.sql(name, "SELECT version_num FROM alembic_version") == [(f"{head:04d}",)]


# -- the legacy SQL path --------------------------------------------------------------------------------
@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT * FROM t WHERE a = ? AND b = ?", ("SELECT * FROM t WHERE a = %s AND b = %s", "qmark")),
    ("SELECT * FROM t WHERE a = :a AND b = :b_2", ("SELECT * FROM t WHERE a = %(a)s AND b = %(b_2)s", "named")),
    ("SELECT '100%', 'a?b', ':x', \"c?\" FROM t WHERE a LIKE ?",
     ("SELECT '100%%', 'a?b', ':x', \"c?\" FROM t WHERE a ILIKE %s", "qmark")),
    ("SELECT liked, 'LIKE' FROM t WHERE b like :p", ("SELECT liked, 'LIKE' FROM t WHERE b ILIKE %(p)s", "named")),
    ("SELECT 'it''s ?' || ? -- what?\n", ("SELECT 'it''s ?' || %s -- what?\n", "qmark")),
    ("SELECT x::text, a % 2 FROM t", ("SELECT x::text, a %% 2 FROM t", "none")),
    ("SELECT /* :no ? */ 1", ("SELECT /* :no ? */ 1", "none")),
    ("SELECT 1 WHERE a IS ? AND b IS NOT ? AND c IS NULL AND d IS NOT NULL",
     ("SELECT 1 WHERE a IS NOT DISTINCT FROM %s AND b IS DISTINCT FROM %s AND c IS NULL AND d IS NOT NULL", "qmark")),
])
def test_sqlite_placeholders_become_psycopgs(sql, expected):
    assert to_psycopg(sql) == expected


def test_mixed_placeholders_are_refused():
    with pytest.raises(ValueError):
        to_psycopg("SELECT ? , :a")


@pytest.fixture
def ws(db_url):
    db = Database(db_url)
    yield db
    db.close()


def test_legacy_sql_behaves_the_same_on_both_backends(ws):
    now = "2026-12-06T10:00:00.000Z"

    def add(c, name):
        return c.execute_legacy("INSERT INTO accountants (name, pesel, email, active) VALUES (?, '', ?, ?) "
                                "RETURNING id", (name, f"{name}@biuro.pl", True)).fetchone()[0]

    ids = ws.transaction(lambda c: [add(c, n) for n in ("Ala", "Ola", "Ela")])
    assert ids == [1, 2, 3]
    row = ws.run(lambda c: c.execute_legacy("SELECT id, name, active, '100%' AS pct, 'a?b' AS q FROM accountants "
                                            "WHERE name = :name", {"name": "Ola"}).fetchone())
    assert (row[0], row["name"], row["active"], row["pct"], row["q"]) == (2, "Ola", 1, "100%", "a?b")
    assert dict(row) == {"id": 2, "name": "Ola", "active": 1, "pct": "100%", "q": "a?b"}
    assert list(row.keys()) == ["id", "name", "active", "pct", "q"]
    first, second, *_ = row
    assert (first, second) == (2, "Ola")
    assert ws.run(lambda c: c.execute_legacy("SELECT name FROM accountants WHERE email LIKE ? ORDER BY id",
                                             ("%biuro%",)).fetchall())[1][0] == "Ola"
    assert [r[0] for r in ws.query("SELECT name FROM accountants WHERE email LIKE 'OLA%' ORDER BY id")] == ["Ola"]
    assert ws.run(lambda c: c.execute_legacy("UPDATE accountants SET active = ? WHERE id > ?",
                                             (False, 1)).rowcount) == 2
    assert ws.run(lambda c: c.execute_legacy("SELECT 1 FROM accountants WHERE id = ?", (99,)).fetchone()) is None
    assert ws.scalar("SELECT count(*) FROM authorisations WHERE valid_to IS ?", (None,)) == 0
    assert ws.scalar("SELECT count(*) FROM accountants WHERE pesel IS NOT ?", (None,)) == 3
    assert ws.run(lambda c: c.execute_legacy("DELETE FROM accountants WHERE id = 99").fetchall()) == []
    # executemany, and a date as sqlite3 stores it (ISO text)
    ws.transaction(lambda c: c.executemany(
        "INSERT INTO audit_log (actor, action, entity, entity_id, details, at) VALUES (?, ?, ?, ?, ?, ?)",
        [("ala", "test", "payer", i, "", dt.date(2026, 12, i)) for i in (1, 2)]))
    assert ws.query("SELECT at FROM audit_log ORDER BY id")[1]["at"] == "2026-12-02"
    assert ws.scalar("SELECT count(*) FROM audit_log WHERE at >= ?", ("2026-12-01",)) == 2
    del now
    # a plain INSERT returns no rows; rowcount of ON CONFLICT DO NOTHING
    def insert(c):
        cur = c.execute_legacy("INSERT INTO accountants (name) VALUES (?)", ("Iza",))
        return cur.rowcount, cur.fetchall()

    assert ws.transaction(insert) == (1, [])
    cur = ws.transaction(lambda c: c.execute_legacy("INSERT INTO accountants (name) VALUES (?) "
                                                    "ON CONFLICT DO NOTHING", ("Iza",)))
    assert cur.rowcount == 0


def test_legacy_sql_rolls_back_with_the_transaction(ws):
    def fail(c):
        c.execute_legacy("INSERT INTO accountants (name, pesel, email, active) VALUES (?, '', '', 1)", ("Ala",))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        ws.transaction(fail)
    assert ws.scalar("SELECT count(*) FROM accountants") == 0


def test_lists_sorted_in_sql_keep_sqlites_byte_order_on_a_polish_server(pg_cluster, tmp_path):
    """A server set up for Polish (ICU pl-PL) would put "ą" after "a" and ignore case; the columns stores
    ORDER BY are COLLATE "C", so the order is SQLite's BINARY one whatever the server's locale."""
    from eplatnik.app import App
    from eplatnik.register.models import Accountant

    name = f"polish_{pg_cluster.port}"
    with pg_cluster.admin() as conn:
        try:
            conn.execute(f'CREATE DATABASE "{name}" OWNER eplatnik_test TEMPLATE template0 '
                         "LOCALE_PROVIDER icu ICU_LOCALE 'pl-PL'")
        except Exception as exc:
            if STRICT:
                pytest.fail(f"EPLATNIK_STRICT=1: this PostgreSQL has no ICU collations: {exc}")
            pytest.skip(f"this PostgreSQL has no ICU collations: {exc}")
    app = App(tmp_path / "ws", database=Database(pg_cluster.url(name)))
    db, register = app.db, app.register
    try:
        names = ["ąb", "Ab", "ab", "Zb", "Łb", "lb", "B"]
        for n in names:
            register.add_accountant(Accountant(name=n))
        assert [a.name for a in register.list_accountants()] == sorted(names)  # code points = UTF-8 bytes
        in_locale = db.query('SELECT name FROM accountants ORDER BY name COLLATE "default"')
        assert [r[0] for r in in_locale] != sorted(names)  # what the server's own order would have been
    finally:
        app.close()
