"""The outbox's exactly-once claims on a real SQLite file (issue 13, point 3): one live submission per
signed set, one sender per submission, duplicates of older versions kept and marked, and a racing
lifecycle move reported as "already done by another process"."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from eplatnik.gateway.outbox_store import OutboxStore
from eplatnik.proc import ProcessId

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _values(key: str, sha: str = "a" * 64, set_id: int | None = None, **kw) -> dict:
    values = {"idempotency_key": key, "gateway_key": "sandbox", "gateway_url": "http://127.0.0.1:1",
              "profile": "sandbox", "document_set_id": set_id, "payer_nip": "9512345675", "period": "2026-10",
              "document_path": f"gateway/{key}.kedu.xml", "document_sha256": sha,
              "package_path": f"gateway/{key}.p7m", "package_sha256": "x", "package_type": "T",
              "receipt_cert_sha256": "c", "actor": "Maria Wiśniewska"}
    values.update(kw)
    return values


def test_second_live_submission_of_a_set_is_refused_by_the_database(app):
    outbox = OutboxStore(app.db, app.clock)
    first, created = outbox.add(_values("k1"))
    assert created
    again, created = outbox.add(_values("k2"))  # same signed bytes
    assert not created and again.id == first.id
    _other, created = outbox.add(_values("k3", sha="b" * 64, set_id=None))
    assert created  # another document altogether
    outbox.update(first.id, state="rejected")
    retry, created = outbox.add(_values("k4"))  # after a rejection the set may be sent again
    assert created and retry.id != first.id
    # a raw INSERT that skips the service is refused too
    from eplatnik.errors import StorageError

    with pytest.raises(StorageError, match=r"UNIQUE|unique constraint"):  # SQLite's words, PostgreSQL's
        app.db.run(lambda c: c.execute(
            "INSERT INTO submissions (idempotency_key, gateway_key, gateway_url, profile, document_path, "
            "document_sha256, package_path, package_sha256, package_type, receipt_cert_sha256, state, "
            "next_attempt_at, created_at, updated_at) VALUES ('k5','s','u','p','d',?,'p','x','T','c','queued',"
            "'','','')", ("a" * 64,)))


def test_one_live_submission_per_workspace_set_even_with_other_bytes(app):
    outbox = OutboxStore(app.db, app.clock)
    from eplatnik.demo import create_demo

    create_demo(app)
    set_id = app.documents.list_sets()[0].id
    first, _ = outbox.add(_values("k1", sha="1" * 64, set_id=set_id))
    other, created = outbox.add(_values("k2", sha="2" * 64, set_id=set_id))  # signed twice: other bytes
    assert not created and other.id == first.id


def test_a_claim_is_held_by_one_process_and_freed_when_it_ends(app):
    outbox = OutboxStore(app.db, app.clock)
    sub, _ = outbox.add(_values("k1"))
    me = ProcessId.current()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        other = ProcessId(me.host, sleeper.pid, "feedbeef")
        assert outbox.claims.claim([sub.id], other, NOW, 60) == {sub.id}
        assert outbox.claims.claim([sub.id], me, NOW, 60) == set()  # a live process holds it
        assert outbox.get(sub.id).claimed_by == str(other)
        elsewhere = ProcessId("another-seat", 4242, "cafe")
        outbox.claims.release(other)
        assert outbox.claims.claim([sub.id], elsewhere, NOW, 60) == {sub.id}
        assert outbox.claims.claim([sub.id], me, NOW + dt.timedelta(seconds=30), 60) == set()
        assert outbox.claims.claim([sub.id], me, NOW + dt.timedelta(seconds=61), 60) == {sub.id}  # lease ran out
        outbox.claims.release(me)
        assert outbox.claims.claim([sub.id], other, NOW, 60) == {sub.id}
    finally:
        sleeper.kill()
        sleeper.wait()
    assert outbox.claims.claim([sub.id], me, NOW, 60) == {sub.id}  # its claimant ended: free at once


def test_duplicates_sent_by_an_older_version_are_kept_and_marked(tmp_path):
    from eplatnik.store.db import Database

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((SCHEMAS / "v5.sql").read_text(encoding="utf-8"))
    for n, (sha, state) in enumerate((("a" * 64, "accepted"), ("a" * 64, "accepted"), ("b" * 64, "rejected"),
                                      ("b" * 64, "accepted")), 1):
        conn.execute("INSERT INTO submissions (idempotency_key, gateway_key, gateway_url, profile, document_path, "
                     "document_sha256, package_path, package_sha256, package_type, receipt_cert_sha256, state, "
                     "next_attempt_at, created_at, updated_at) VALUES (?, 's', 'u', 'p', 'd', ?, 'p', 'x', 'T', 'c', "
                     "?, '', '', '')", (f"k{n}", sha, state))
    conn.commit()
    conn.close()
    db = Database(path)
    try:
        rows = db.query("SELECT id, duplicate_of FROM submissions ORDER BY id")
        assert [(r[0], r[1]) for r in rows] == [(1, None), (2, 1), (3, None), (4, None)]
    finally:
        db.close()


def test_a_racing_signature_is_already_done_by_another_process(demo_app):
    from eplatnik.forms.model import SetStatus
    from eplatnik.forms.races import AlreadyDone

    docs = demo_app.documents
    info = docs.list_sets()[0]
    assert docs.get_info(info.id).status == SetStatus.VERIFIED
    docs.transition(info.id, SetStatus.SIGNED, note="the other process")
    with pytest.raises(AlreadyDone) as err:
        docs.transition(info.id, SetStatus.SIGNED)
    text = err.value.render("pl")
    assert "już" in text and "inny proces" in text and "nie można przenieść" not in text
    assert "podpisany" in text
