"""A throw-away PostgreSQL cluster for the office-database tests (issue 16), one per pytest-xdist worker.

``pg_cluster`` (session): ``initdb`` in a fresh temporary folder, started on a free port of 127.0.0.1
with its unix socket in that folder, durability off (``fsync``/``synchronous_commit``) since nothing
in it must survive, and ``pg_ctl stop -m immediate`` + removal when the session ends. As root, the
cluster runs as the ``postgres`` user (``runuser -u postgres --``; the folder is chowned to it), as
Debian's packages do. Connections over the socket are trusted (the fixture's own admin connection);
TCP connections need a password (scram-sha-256), so a refused password can be tested with the test
role :data:`ROLE`/:data:`PASSWORD`.

``pg_url`` (function): a new, empty database owned by the test role, as a URL with the password in
it (``CREATE DATABASE`` from template0: a few tens of ms with fsync off); ``pg_cluster.template(key,
setup)`` prepares a database once per session for tests to copy (the schema at head, step 16.2).
``db_url`` (function, parametrised ``sqlite``/``postgresql``): what a store contract test runs
against on both backends — a SQLite file path in the test's tmp_path, or such a PostgreSQL URL.

Without PostgreSQL's binaries the tests that use these fixtures skip (``need_tool``), and fail under
``EPLATNIK_STRICT=1`` (CI: ``.ci/run`` installs the ``postgresql`` package).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import need_tool

ROLE = "eplatnik_test"
PASSWORD = "Tajne-haslo-testu-7"  # distinctive, so a test can look for it in messages and logs
#: pg_hba.conf rejects TCP connections to this database (the "not from this computer" message)
REFUSED_DATABASE = "eplatnik_refused"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgCluster:
    bindir: Path
    datadir: Path
    port: int
    run_as: list[str]  # ["runuser", "-u", "postgres", "--"] as root, else []
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))
    _templates: dict[str, str] = field(default_factory=dict)

    @property
    def socket_dir(self) -> Path:
        return self.datadir.parent

    def url(self, database: str, *, user: str = ROLE, password: str | None = PASSWORD,
            port: int | None = None) -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql://{auth}@127.0.0.1:{port or self.port}/{database}"

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args],
                              capture_output=True, text=True, check=check, timeout=60)

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c deadlock_timeout=100ms")
        result = self._pg_ctl("-w", "-t", "60", "-l", str(self.socket_dir / "server.log"), "-o", options, "start",
                              check=False)
        if result.returncode != 0:
            log = (self.socket_dir / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl start failed: {result.stdout}{result.stderr}\n{log}")

    def stop_immediately(self, *, keep_commits: bool = True) -> None:
        """The server goes away at once, as a crash or a pulled cable would look to its clients.

        ``keep_commits``: first write out the WAL (CHECKPOINT), so what was committed survives the
        crash recovery as it would on a real server (this one runs with ``synchronous_commit=off``)."""
        if keep_commits:
            with contextlib.suppress(Exception), self.admin() as conn:
                conn.execute("CHECKPOINT")
        self._pg_ctl("-m", "immediate", "-w", "stop", check=False)

    def running(self) -> bool:
        return self._pg_ctl("status", check=False).returncode == 0

    def admin(self):
        """A superuser connection over the unix socket (autocommit), for setting up what a test needs."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres",
                               autocommit=True, connect_timeout=10)

    def create_database(self, prefix: str = "t", *, template: str = "template0") -> str:
        """A new database owned by the test role, empty or a copy of ``template`` (see :meth:`template`)."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" OWNER {ROLE} TEMPLATE "{template}"')
        return name

    def template(self, key: str, setup: Callable[[str], None]) -> str:
        """A database prepared once per session by ``setup(url)`` (which must close its connections) and
        marked as a template: ``create_database(template=...)`` then copies it in a few tens of ms instead
        of running ``setup`` again (e.g. the schema at head, step 16.2)."""
        if key not in self._templates:
            name = self.create_database(f"template_{key}")
            setup(self.url(name))
            with self.admin() as conn:
                conn.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
            self._templates[key] = name
        return self._templates[key]

    def sql(self, database: str, statement: str) -> list[tuple]:
        """Run one statement in ``database`` as the superuser; the rows it returned (if any)."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname=database,
                             autocommit=True, connect_timeout=10) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []


def _initdb_path() -> str:
    found = installed_initdb()
    return need_tool("initdb", str(found) if found else "/usr/lib/postgresql/15/bin/initdb")


def _version_key(path: str) -> int:
    with contextlib.suppress(ValueError):
        return int(Path(path).parent.parent.name)
    return 0


@contextlib.contextmanager
def throwaway_cluster(initdb: Path | None = None) -> Iterator[PgCluster]:
    """A PostgreSQL cluster in a new temporary folder on a free port of 127.0.0.1, with the tests' role;
    stopped and removed on leaving. Also used outside pytest (bench/bench_office.py, the bundle's smoke
    test), which pass ``initdb`` after checking it exists."""
    initdb = initdb or Path(_initdb_path())
    bindir = initdb.parent
    top = Path(tempfile.mkdtemp(prefix="eplatnik-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(top, user.pw_uid, user.pw_gid)
        run_as = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--"]
    datadir = top / "data"
    pwfile = top / "pw"
    pwfile.write_text("postgres-superuser-unused\n")
    if run_as:
        os.chown(pwfile, user.pw_uid, user.pw_gid)
    subprocess.run([*run_as, str(initdb), "-D", str(datadir), "-U", "postgres", "--no-sync", "-E", "UTF8",
                    "--locale=C.UTF-8", "-A", "trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}"],
                   capture_output=True, text=True, check=True, timeout=120)
    hba = datadir / "pg_hba.conf"  # first match wins: one database no TCP client may reach
    hba.write_text(f"host {REFUSED_DATABASE} all 127.0.0.1/32 reject\n" + hba.read_text())
    cluster = PgCluster(bindir=bindir, datadir=datadir, port=free_port(), run_as=run_as)
    try:
        for attempt in range(3):  # another worker may have taken the free port in the meantime
            try:
                cluster.start()
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                cluster.port = free_port()
        with cluster.admin() as conn:
            conn.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
        yield cluster
    finally:
        cluster.stop_immediately(keep_commits=False)
        shutil.rmtree(top, ignore_errors=True)


def installed_initdb() -> Path | None:
    """The newest PostgreSQL server's initdb on this machine, or None (no server installed)."""
    candidates = sorted(map(str, Path("/usr/lib/postgresql").glob("*/bin/initdb")), key=_version_key, reverse=True)
    found = candidates[0] if candidates else shutil.which("initdb")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def pg_cluster():
    with throwaway_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A new, empty PostgreSQL database for this test (URL with the test role's password)."""
    return pg_cluster.url(pg_cluster.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """The same test on both backends: a SQLite file path, or an empty PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "workspace.db")
    return request.getfixturevalue("pg_url")


# -- existing App tests on both backends -------------------------------------------------------------------
def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_backends(postgresql_xfail=None): run the test (its app/demo_app) on SQLite and on "
                   "PostgreSQL; postgresql_xfail names a known, listed gap (strict xfail on PostgreSQL)")


def pytest_generate_tests(metafunc):
    marker = metafunc.definition.get_closest_marker("both_backends")
    if marker is None or "backend" not in metafunc.fixturenames:
        return
    reason = marker.kwargs.get("postgresql_xfail")
    office = pytest.param("postgresql", marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else "postgresql"
    metafunc.parametrize("backend", ["sqlite", office], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """"sqlite" (the default), or "postgresql" for the second run of a ``both_backends`` test.

    ``EPLATNIK_TEST_BACKEND=postgresql`` puts every other ``app``/``demo_app`` on PostgreSQL too: a way
    to find what does not run on an office database yet (not part of ``make test``)."""
    return getattr(request, "param", None) or os.environ.get("EPLATNIK_TEST_BACKEND", "sqlite")


@pytest.fixture
def workspace_database(request, backend):
    """What the ``app``/``demo_app`` fixtures work on: a function giving None (their own SQLite file), or,
    for a ``both_backends`` test's PostgreSQL run, an open Database in a new PostgreSQL database — a new
    one at each call, so ``app`` and ``demo_app`` in one test are two workspaces (the App closes it). The
    database is a copy of one created at the newest revision once per session (creating the schema
    takes ~1 s; the creation itself is tested in test_store_pg_schema.py)."""
    def open_one():
        if backend != "postgresql":
            return None
        from eplatnik.store.database import Database

        cluster = request.getfixturevalue("pg_cluster")
        template = cluster.template("workspace_at_head", lambda url: Database(url).close())
        return Database(cluster.url(cluster.create_database(template=template)))

    return open_one


def open_together(url: str, seats: int, *, timeout: float) -> tuple[list, list[BaseException]]:
    """``seats`` threads open a Database on ``url`` at the same moment: (the opened ones, the errors)."""
    import threading

    from eplatnik.store.database import Database

    opened: list[Database] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(Database(url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(seats)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return opened, errors
