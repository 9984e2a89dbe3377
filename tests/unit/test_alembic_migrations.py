"""The schema's migrations through Alembic (issue 16): one revision chain for SQLite and PostgreSQL whose
ids are the old numbers, workspaces and office databases from before Alembic upgraded with no action,
a database newer than the program refused in Polish, one migration when seats open together, and no
Alembic import when the database is already at the newest revision.

Real SQLite files and the throw-away PostgreSQL cluster of tests/plugins/postgres.py; old databases are
built the way the programs of their time left them (``legacy_migrations.migrate(upto=N)``: the numbered
files and ``user_version`` only, no ``alembic_version``)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

from eplatnik.errors import StorageError
from eplatnik.store import alembic as chain
from eplatnik.store import legacy_migrations
from eplatnik.store.database import Database

HEAD = chain.head_number()


def _sqlite_schema(path) -> list[tuple]:
    """Every table, index and trigger as SQLite stores its definition (Alembic's own table left out)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                            "WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> 'alembic_version' ORDER BY name").fetchall()
    finally:
        conn.close()


def _sqlite_record(path) -> tuple[list, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT version_num FROM alembic_version").fetchall(),
                conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _old_workspace(path, version: int) -> None:
    """A workspace as a program before Alembic left it at ``version``, with an accountant in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    legacy_migrations.migrate(conn, upto=version)
    conn.execute("INSERT INTO accountants (name) VALUES ('Anna Nowak')")
    conn.close()


# -- the chain --------------------------------------------------------------------------------------------
def test_the_revisions_are_one_chain_named_by_the_old_numbers():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(chain.FOLDER))
    walked = [(s.revision, s.down_revision) for s in reversed(list(script.walk_revisions()))]
    numbers = [f"{n:04d}" for n in range(1, HEAD + 1)]
    assert walked == list(zip(numbers, [None, *numbers[:-1]]))
    assert script.get_heads() == [chain.head()] and chain.revisions() == tuple(numbers)
    # every released numbered file has its revision (the files are run by them, never edited)
    assert {f"{v:04d}" for v, _name, _sql in legacy_migrations.migrations()} <= set(numbers)


def test_a_new_workspace_gets_what_the_released_files_gave(tmp_path):
    """The Alembic chain on SQLite gives the schema the numbered files gave before Alembic, byte for byte."""
    Database(tmp_path / "new.db").close()
    _old_workspace(tmp_path / "before.db", legacy_migrations.schema_version())
    assert _sqlite_schema(tmp_path / "new.db") == _sqlite_schema(tmp_path / "before.db")
    assert _sqlite_record(tmp_path / "new.db") == ([(chain.head(),)], HEAD)


# -- databases from before Alembic ----------------------------------------------------------------------------
@pytest.mark.parametrize("version", [9, 11])
def test_an_old_workspace_is_recorded_at_its_number_and_upgraded(tmp_path, version):
    Database(tmp_path / "today.db").close()
    _old_workspace(tmp_path / "old.db", version)
    assert _sqlite_record_without_alembic(tmp_path / "old.db") == version

    db = Database(tmp_path / "old.db")
    try:
        assert db.schema_revision() == str(HEAD)
        assert db.query("SELECT name FROM accountants")[0]["name"] == "Anna Nowak"
    finally:
        db.close()
    assert _sqlite_record(tmp_path / "old.db") == ([(chain.head(),)], HEAD)
    assert _sqlite_schema(tmp_path / "old.db") == _sqlite_schema(tmp_path / "today.db")


def test_two_old_workspaces_opened_on_two_threads_at_once_are_both_upgraded(tmp_path):
    """Alembic's proxies are global to a process: two openings that both migrate take turns."""
    import threading

    for name in ("a.db", "b.db"):
        _old_workspace(tmp_path / name, 9)
    opened, errors = [], []

    def open_one(name):
        try:
            opened.append(Database(tmp_path / name))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one, args=(name,)) for name in ("a.db", "b.db")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == [] and sorted(db.schema_revision() for db in opened) == [str(HEAD)] * 2
    finally:
        for db in opened:
            db.close()


def _sqlite_record_without_alembic(path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone() == (0,)
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _describe_pg(pg_cluster, name: str) -> list[tuple]:
    return pg_cluster.sql(name, "SELECT table_name, column_name, data_type, collation_name, is_nullable, "
                                "column_default FROM information_schema.columns WHERE table_schema = current_schema() "
                                "AND table_name <> 'eplatnik_meta' ORDER BY 1, 2") \
        + pg_cluster.sql(name, "SELECT tablename, indexname, indexdef FROM pg_indexes "
                               "WHERE schemaname = current_schema() ORDER BY 1, 2") \
        + pg_cluster.sql(name, "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                               "WHERE NOT tgisinternal ORDER BY 1")


def _office_database_at_12(pg_cluster) -> str:
    """An office database as the program before Alembic left it at revision 12 (eplatnik_meta only)."""
    name = pg_cluster.create_database()
    Database(pg_cluster.url(name)).close()
    pg_cluster.sql(name, "DROP TABLE IF EXISTS workspace_files; DROP TABLE workspace_settings; "  # 0015, 0014
                         "DROP TABLE evidence_files; DROP TABLE alembic_version; "  # 0013; Alembic's record
                         "UPDATE eplatnik_meta SET value = '12' WHERE key = 'schema_revision'; "
                         "INSERT INTO accountants (name) VALUES ('Anna Nowak')")
    return name


def test_an_office_database_at_revision_12_is_recorded_and_upgraded(pg_cluster):
    fresh = pg_cluster.create_database()
    Database(pg_cluster.url(fresh)).close()
    name = _office_database_at_12(pg_cluster)

    with Database(pg_cluster.url(name)) as db:
        assert db.schema_revision() == str(HEAD)
        assert db.query("SELECT name FROM accountants")[0]["name"] == "Anna Nowak"
    assert pg_cluster.sql(name, "SELECT version_num FROM alembic_version") == [(chain.head(),)]
    assert _describe_pg(pg_cluster, name) == _describe_pg(pg_cluster, fresh)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_processes_opening_an_old_database_migrate_it_once(request, tmp_path, backend):
    """PostgreSQL: the advisory lock; SQLite: the .open-lock file, then BEGIN IMMEDIATE."""
    if backend == "postgresql":
        pg_cluster = request.getfixturevalue("pg_cluster")
        name = _office_database_at_12(pg_cluster)
        target = pg_cluster.url(name)
    else:
        target = str(tmp_path / "old.db")
        _old_workspace(target, 12)
    code = ("import logging, sys; logging.basicConfig(level=logging.INFO, stream=sys.stderr)\n"
            "from eplatnik.store.database import Database\n"
            "db = Database(sys.argv[1]); print(db.schema_revision()); db.close()\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, target], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _out, err in outs]
    assert [out.strip() for out, _err in outs] == [str(HEAD), str(HEAD)]
    upgraded = [err for _out, err in outs if "Running upgrade 0012 -> 0013" in err]
    assert len(upgraded) == 1, [err[-2000:] for _out, err in outs]
    assert "Running upgrade 0013 -> 0014" in upgraded[0]
    with Database(target, readonly=True) as db:
        assert db.run(lambda c: c.sa.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()) \
            == chain.head()


# -- newer than this program ------------------------------------------------------------------------------------
@pytest.mark.parametrize("recorded", [f"{HEAD + 1:04d}", "ae1027a6acf"])
def test_a_database_at_a_revision_this_program_does_not_know_is_refused_in_polish(db_url, recorded):
    with Database(db_url) as db:
        db.transaction(lambda c: c.sa.execute(sa.text("UPDATE alembic_version SET version_num = :v"),
                                              {"v": recorded}))
    with pytest.raises(StorageError) as caught:
        Database(db_url)
    shown = HEAD + 1 if recorded.isdigit() else recorded
    assert f"Baza danych ma wersję schematu {shown}, nowszą niż obsługiwana ({HEAD})." in caught.value.render()
    assert "Zaktualizuj program eplatnik" in caught.value.render()
    if "://" not in db_url:  # the refused opening keeps no connection to the file
        from eplatnik.store.files import held_by_another_process

        assert not held_by_another_process(Path(db_url))
    with Database(db_url, readonly=True) as db:  # left as it was
        assert db.run(lambda c: c.sa.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()) == recorded


# -- start-up -----------------------------------------------------------------------------------------------------
def test_opening_a_database_at_the_newest_revision_does_not_import_alembic(db_url, tmp_path):
    """Alembic is loaded only when there is something to migrate (it costs more than the rest of opening)."""
    Database(db_url).close()
    old = tmp_path / "old.db"
    _old_workspace(old, 11)
    code = ("import sys\nfrom eplatnik.store.database import Database\n"
            "for target in sys.argv[1:]:\n"
            "    Database(target).close(); print('alembic' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code, db_url, str(old)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "True"]  # at head: not loaded; an old workspace: loaded, upgraded


# -- the next migration ------------------------------------------------------------------------------------------
NEXT = f"{HEAD + 1:04d}"


def _program_one_revision_newer(tmp_path, monkeypatch, body: str):
    """The revisions of a program with one more revision (written as docs/architecture.md says)."""
    folder = tmp_path / "alembic"
    shutil.copytree(chain.FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__"))
    source = (f'"""{NEXT}: a note on audit entries (a test revision)."""\n'
              "import sqlalchemy as sa\nfrom alembic import op\n\n"
              f'revision = "{NEXT}"\ndown_revision = "{chain.head()}"\nbranch_labels = None\ndepends_on = None\n\n\n'
              "def upgrade():\n" + textwrap.indent(textwrap.dedent(body), "    "))
    (folder / "versions" / f"r{NEXT}_audit_note.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(chain, "FOLDER", folder)
    assert chain.head() == NEXT


def test_a_next_revision_written_with_op_runs_on_both_backends_once(db_url, tmp_path, monkeypatch):
    Database(db_url).close()
    _program_one_revision_newer(tmp_path, monkeypatch, """\
        op.add_column("audit_log", sa.Column("note", sa.Text(), nullable=False, server_default=""))
        op.create_index("audit_log_note", "audit_log", ["note"])
    """)
    seats = [Database(db_url), Database(db_url)]  # the second finds it done
    try:
        assert [db.schema_revision() for db in seats] == [str(HEAD + 1)] * 2
        columns = seats[1].run(lambda c: [col["name"] for col in sa.inspect(c.sa).get_columns("audit_log")])
        assert "note" in columns
        assert seats[1].run(lambda c: c.sa.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()) \
            == NEXT
    finally:
        for db in seats:
            db.close()


def test_a_failing_revision_leaves_the_database_as_it_was(db_url, tmp_path, monkeypatch):
    Database(db_url).close()
    _program_one_revision_newer(tmp_path, monkeypatch, """\
        op.add_column("audit_log", sa.Column("note", sa.Text(), nullable=False, server_default=""))
        op.execute("INSERT INTO no_such_table VALUES (1)")
    """)
    with pytest.raises(Exception, match="no_such_table"):
        Database(db_url)
    monkeypatch.undo()
    with Database(db_url) as db:
        assert db.schema_revision() == str(HEAD)
        assert "note" not in db.run(lambda c: [col["name"] for col in sa.inspect(c.sa).get_columns("audit_log")])
        assert db.run(lambda c: c.sa.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()) \
            == chain.head()


def test_taking_the_schema_back_is_refused_and_changes_nothing(tmp_path):
    """Migrations go forward only: Alembic's downgrade stops at once with the reason, the workspace is as
    it was (a backup taken before an update is the way back)."""
    from alembic import command
    from alembic.config import Config

    path = tmp_path / "eplatnik.db"
    Database(path).close()
    before = _sqlite_schema(path)
    config = Config()
    config.set_main_option("script_location", str(chain.FOLDER))
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            with pytest.raises(chain.ForwardOnly, match="forward only"):
                command.downgrade(config, "0014")
    finally:
        engine.dispose()
    assert _sqlite_schema(path) == before
    with Database(path) as db:
        assert db.schema_revision() == chain.head().lstrip("0")
