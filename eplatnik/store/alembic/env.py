"""Alembic's environment for the workspace database. The program runs it through ``runner.py`` with its
open connection (``config.attributes["connection"]``), inside the transaction that holds the opening
lock; there is no URL here and no offline (``--sql``) mode. Imported as a plain module (the tests that
import every module of the package do), it does nothing: Alembic's ``context`` exists only while
Alembic runs it."""

from __future__ import annotations

from alembic import context

from eplatnik.store.alembic.runner import configure_options

if hasattr(context, "config"):  # run by Alembic (command.upgrade / stamp in runner.py)
    context.configure(**configure_options(context.config.attributes.get("connection")))
    with context.begin_transaction():
        context.run_migrations()
