"""The office database as the entry points (the GUI and the CLI) see it (issue 16): where the data
lives, the seat's remembered passwords, checking a connection, and what to do when the server goes
away. The GUI and the CLI reach the database through services, never a store module (``make lint``),
so they use these names; the work is done in ``eplatnik.store`` (urls, pgpass, errors, outage).
"""

from __future__ import annotations

from .store.database import DatabaseClosed, DatabaseNotOpened
from .store.errors import DatabaseAuthFailed, DatabaseUnavailable
from .store.outage import CONNECTION_TOPIC, PAUSED, RESUMED, database_answers, resuming_told
from .store.pgpass import (
    ConnectionCheck,
    check_connection,
    forget_password,
    remember_password,
    seat_pgpass,
    stored_password,
    use_seat_pgpass,
)
from .store.urls import DEFAULT_PG_PORT, DatabaseUrl, parse_database_url

__all__ = [
    "CONNECTION_TOPIC", "DEFAULT_PG_PORT", "PAUSED", "RESUMED", "ConnectionCheck", "DatabaseAuthFailed",
    "DatabaseClosed", "DatabaseNotOpened",
    "DatabaseUnavailable", "DatabaseUrl", "check_connection", "database_answers", "forget_password",
    "is_database_lost", "parse_database_url", "remember_password", "resuming_told", "seat_pgpass",
    "stored_password", "use_seat_pgpass",
]


def is_database_lost(exc: BaseException) -> bool:
    """The connection to the office database was lost (the work pauses and resumes, store/outage.py)."""
    return isinstance(exc, DatabaseUnavailable)
