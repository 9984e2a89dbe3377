"""When the office database goes away in the middle of long work (issue 16): pause, resume when it is back.

The month-end run and the outbox are built to be repeated: every step is stored in one transaction
after it happened (a step the server's going away interrupted is rolled back whole), and repeating a
step is safe (an existing set is reused, a signed set is not signed again, a submission is sent again
with the same idempotency key, so the gateway answers with the same reference). So losing the
connection (:class:`~eplatnik.store.errors.DatabaseUnavailable`) is not a failure of the work: it stops
where it is, waits until the database answers again, and runs again from what is stored.

``resuming(work, db, …)`` does exactly that around one call of ``work``: the caller (the month-end job,
the CLI's ``month``, the outbox job) says how to tell the person ("Połączenie z bazą biura przerwane —
wznowimy automatycznie": ``on_pause``/``on_resume``) and how to notice a cancel. Errors other than a lost
connection pass through unchanged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..errors import Cancelled, StorageError
from ..i18n import t
from .errors import DatabaseUnavailable

if TYPE_CHECKING:
    from .database import Database

log = logging.getLogger(__name__)

R = TypeVar("R")

#: how often a paused run asks whether the database is back (seconds)
PROBE_EVERY_S = 1.0

PAUSED = t("Połączenie z bazą biura przerwane — wznowimy automatycznie.",
           "The connection to the office database was lost — we will resume automatically.")
RESUMED = t("Połączenie z bazą biura przywrócone — wznawiamy.",
            "The connection to the office database is back — resuming.")


def database_answers(db: Database) -> bool:
    """One round trip: does the database answer now? (A lost connection is opened again by it.)"""
    from sqlalchemy import text

    try:
        db.run(lambda conn: conn.execute(text("SELECT 1")))
    except StorageError as exc:
        log.debug("the database does not answer yet (%s)", type(exc).__name__)
        return False
    return True


def wait_until_back(db: Database, *, cancelled: Callable[[], bool] = lambda: False,
                    every: float | None = None, sleep: Callable[[float], object] = time.sleep) -> None:
    """Block until the database answers again; Cancelled when ``cancelled()`` says so meanwhile."""
    while True:
        if cancelled():
            raise Cancelled()
        if database_answers(db):
            return
        sleep(PROBE_EVERY_S if every is None else every)


def resuming(work: Callable[[], R], db: Database, *, on_pause: Callable[[DatabaseUnavailable], object] = lambda e: None,
             on_resume: Callable[[], object] = lambda: None, cancelled: Callable[[], bool] = lambda: False,
             every: float | None = None, sleep: Callable[[float], object] = time.sleep) -> R:
    """``work()``, run again after each loss of the database connection once the database is back."""
    while True:
        try:
            return work()
        except DatabaseUnavailable as exc:
            log.info("the office database went away (%s); the work pauses until it is back", exc.render("en"))
            on_pause(exc)
            wait_until_back(db, cancelled=cancelled, every=every, sleep=sleep)
            log.info("the office database is back; the work resumes")
            on_resume()


#: the event a paused run publishes (payload ``state``: "lost" | "back"); the GUI shows its banner from it
CONNECTION_TOPIC = "database.connection"


class _Events:  # the EventBus's one method used here (no import of events.py needed)
    def publish(self, topic: str, **payload: object) -> None: ...


def resuming_told(work: Callable[[], R], db: Database, events: _Events | None = None, *,
                  cancelled: Callable[[], bool] = lambda: False,
                  tell: Callable[[str], object] | None = None) -> R:
    """:func:`resuming`, telling about the pause: ``CONNECTION_TOPIC`` on ``events`` (a job child's events
    reach the program's window, which shows its banner) and the words to ``tell`` (the CLI's stderr)."""
    def paused(_exc: DatabaseUnavailable) -> None:
        if events is not None:
            events.publish(CONNECTION_TOPIC, state="lost")
        if tell is not None:
            tell(PAUSED.render())

    def resumed() -> None:
        if events is not None:
            events.publish(CONNECTION_TOPIC, state="back")
        if tell is not None:
            tell(RESUMED.render())

    return resuming(work, db, on_pause=paused, on_resume=resumed, cancelled=cancelled)
