"""Runs the Alembic chain on an open connection, inside the caller's transaction.

The caller holds the opening lock and has begun the write transaction (SQLite: the ``.open-lock`` file
and ``BEGIN IMMEDIATE``; PostgreSQL: ``pg_advisory_xact_lock``), has read the database's revision again
under it, and calls :func:`upgrade` only when the database is behind :func:`~eplatnik.store.alembic.head`.
Every step runs in that one transaction (Alembic sees an external transaction and leaves it to the
caller), so a failing step leaves the database as it was, and two programs opening it at once migrate it
once: the second finds it at head.

Importing this module imports Alembic; ``store/alembic/__init__.py`` does not.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config

from .. import alembic as chain
from .. import legacy_migrations, pg_migrations

if TYPE_CHECKING:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)
#: Alembic's ``context`` and ``op`` are module-level proxies: one run at a time in a process (two
#: Databases opened on two threads). Taken after the database's own opening lock, released before it.
_ONE_RUN = threading.Lock()


def upgrade(connection: Connection, *, stamp_at: str | None = None,
            create: Callable[[Connection], None] | None = None) -> None:
    """Bring the database on ``connection`` to head, in the transaction the caller has begun.

    ``stamp_at``: the database was migrated before Alembic to this revision (it has no
    ``alembic_version`` yet): it is recorded as being there, then upgraded. ``create``: an empty
    database is given the whole schema by this function (PostgreSQL: ``schema.py``'s MetaData) and
    recorded at head, without running the chain."""
    if not connection.in_transaction():
        raise RuntimeError("migrations run inside the opening's transaction")
    config = _config(connection)
    with _ONE_RUN:
        if create is not None:
            create(connection)
            command.stamp(config, "head")
            return
        if stamp_at is not None:
            log.info("recording the database migrated before Alembic at revision %s", stamp_at)
            command.stamp(config, stamp_at)
        command.upgrade(config, "head")


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(chain.FOLDER).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def configure_options(connection: Connection | None) -> dict[str, Any]:
    """What ``env.py`` passes to ``context.configure``."""
    if connection is None:
        raise RuntimeError("eplatnik migrates its database itself when it opens it (store/database.py); "
                           "`alembic revision` needs no database, other commands are not used")
    return {"connection": connection, "transactional_ddl": True, "on_version_apply": [_keep_number_in_step]}


def _keep_number_in_step(*, ctx: MigrationContext, step: Any, heads: set[str], run_args: Any) -> None:
    """After each step (stamps too): SQLite's ``user_version`` / PostgreSQL's ``eplatnik_meta`` say the
    same number as ``alembic_version``."""
    del step, run_args
    number = int(next(iter(heads))) if heads else 0  # one chain: at most one head
    conn = ctx.connection
    assert conn is not None
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version = {number:d}")
    else:
        from sqlalchemy import text

        conn.execute(text(f"UPDATE {pg_migrations.META_TABLE} SET value = :v WHERE key = 'schema_revision'"),
                     {"v": str(number)})


def run_released_sql(revision: str) -> None:
    """The body of the revisions released as numbered SQL files (0001–0015): the file of this number for
    the database's backend, statement by statement (``store/migrations/NNNN_*.sql`` on SQLite,
    ``store/migrations/postgresql/NNNN_*.sql`` on PostgreSQL). The files are never edited."""
    from alembic import op

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        name, sql = _released_file(revision, "migrations")
        statements = legacy_migrations.split_sql(sql)
    else:
        if int(revision) <= pg_migrations.BASELINE:
            raise RuntimeError(f"no PostgreSQL counterpart of migration {revision}: office databases are "
                               f"created at revision {pg_migrations.BASELINE} or later")
        name, sql = _released_file(revision, "migrations/postgresql")
        statements = pg_migrations.split_sql(sql)
    log.info("applying %s", name)
    for statement in statements:
        bind.exec_driver_sql(statement)


def _released_file(revision: str, folder: str) -> tuple[str, str]:
    directory = Path(__file__).resolve().parent.parent.joinpath(*folder.split("/"))  # beside store/alembic
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith(f"{revision}_") and entry.name.endswith(".sql"):
            return entry.name, entry.read_text(encoding="utf-8")
    raise RuntimeError(f"no migration file {revision}_*.sql in store/{folder}/")
