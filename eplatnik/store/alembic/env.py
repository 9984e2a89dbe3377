"""Alembic's environment for the workspace database. The program runs it through ``runner.py`` with its
open connection (``config.attributes["connection"]``), inside the transaction that holds the opening
lock; there is no URL here and no offline (``--sql``) mode."""

from __future__ import annotations

from alembic import context

from eplatnik.store.alembic.runner import configure_options

context.configure(**configure_options(context.config.attributes.get("connection")))
with context.begin_transaction():
    context.run_migrations()
