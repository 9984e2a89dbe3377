"""Pausing work while the office database is gone (store/outage.py), against a real PostgreSQL server
stopped and started again: the work runs again once the database answers, a cancel while waiting
ends the wait, and other errors are not retried."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from eplatnik.errors import Cancelled, StorageError
from eplatnik.store.database import Database
from eplatnik.store.outage import CONNECTION_TOPIC, database_answers, resuming_told


def test_work_interrupted_by_the_server_going_away_runs_again_when_it_is_back(pg_cluster, pg_url):
    db = Database(pg_url)
    published: list[tuple[str, dict]] = []
    told: list[str] = []

    class Events:
        def publish(self, topic, **payload):
            published.append((topic, payload))

    calls = []

    def work() -> int:
        calls.append(1)
        if len(calls) == 1:
            pg_cluster.stop_immediately()
            threading.Timer(1.5, pg_cluster.start).start()
        return db.run(lambda c: c.execute(sa.text("SELECT 41 + 1")).scalar())

    try:
        assert resuming_told(work, db, Events(), tell=told.append) == 42
        assert len(calls) == 2
        assert published == [(CONNECTION_TOPIC, {"state": "lost"}), (CONNECTION_TOPIC, {"state": "back"})]
        assert told[0].startswith("Połączenie z bazą biura przerwane — wznowimy automatycznie")
    finally:
        if not pg_cluster.running():
            pg_cluster.start()
        db.close()


def test_a_cancel_while_waiting_for_the_database_ends_the_wait(pg_cluster, pg_url):
    db = Database(pg_url)
    asked = []
    try:
        pg_cluster.stop_immediately()
        assert not database_answers(db)

        def cancelled() -> bool:
            asked.append(1)
            return len(asked) > 2

        with pytest.raises(Cancelled):
            resuming_told(lambda: db.run(lambda c: c.execute(sa.text("SELECT 1"))), db, cancelled=cancelled)
    finally:
        pg_cluster.start()
    try:
        assert database_answers(db)
    finally:
        db.close()


def test_other_errors_are_not_waited_for(pg_url):
    db = Database(pg_url)
    try:
        with pytest.raises(StorageError, match="Błąd bazy danych"):
            resuming_told(lambda: db.run(lambda c: c.execute(sa.text("SELECT * FROM nie_ma_tabeli"))), db)
    finally:
        db.close()
