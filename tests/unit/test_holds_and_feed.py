"""Holds and the live change feed (issue 16, steps 16.4 and 16.5).

Holds on both backends: a set one seat edits shows at another as "Edytuje: A. Nowak (biuro-3) od 10:42",
the other cannot take it (nor edit or sign the set: exit 75 in the CLI) until the holder lets go or its
hold goes stale 120 s after its last renewal — time from pinned clocks, never the machine's.
The feed on PostgreSQL: seat A's commit reaches seat B's event bus marked ``external`` with A's seat,
and a seat does not hear its own changes back. (How fast is a bench's question: bench/bench_office.py.)
"""

from __future__ import annotations

import queue

import pytest
from support import run_cli

from eplatnik.app import App
from eplatnik.clock import Clock, FixedClock
from eplatnik.forms.holds import DOCUMENT_SET, EXIT_HELD, HeldElsewhere, Holds
from eplatnik.period import Period
from eplatnik.store.database import Database
from eplatnik.store.holds import HoldStore

pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")
#: when the wait for a message gives up: a failure, not a latency figure
PATIENCE_S = 60


def _holds(db: Database, clock: FixedClock, who: str, computer: str, holder: str) -> Holds:
    return Holds(HoldStore(db), clock, seat=f"{computer}:{who.split()[-1].lower()}", actor=lambda: who,
                 holder=holder, renew_s=3600)


def test_a_hold_shows_at_the_other_seat_and_expires_after_its_lease(db_url):
    first, second = Database(db_url), Database(db_url)
    clock_a, clock_b = FixedClock("2026-11-20T10:42:10+01:00"), FixedClock("2026-11-20T10:43:00+01:00")
    a = _holds(first, clock_a, "A. Nowak", "biuro-3", "host-a:1:aa")
    b = _holds(second, clock_b, "B. Kowalska", "biuro-1", "host-b:2:bb")
    try:
        hold = a.take(DOCUMENT_SET, 7, "edit")
        seen = b.held_by_others(DOCUMENT_SET)[7]
        assert seen.text("pl") == "Edytuje: A. Nowak (biuro-3) od 10:42"
        assert seen.text("en") == "Being edited by A. Nowak (biuro-3) since 10:42"
        assert a.held_by_others(DOCUMENT_SET) == {}  # one's own hold is no obstacle
        with pytest.raises(HeldElsewhere) as refused:
            b.take(DOCUMENT_SET, 7, "sign")
        assert refused.value.exit_code == EXIT_HELD and "A. Nowak (biuro-3)" in refused.value.render("pl")
        assert b.take(DOCUMENT_SET, 8, "sign").info.holder == "host-b:2:bb"  # another set is free

        clock_b.advance(seconds=60)  # 10:44:00 at B: within the lease (taken 10:42:10, stale after 120 s)
        with pytest.raises(HeldElsewhere):
            b.take(DOCUMENT_SET, 7, "edit")
        clock_a.advance(seconds=60)
        assert hold.renew()  # the editor renews: another 120 s from A's now (10:43:10)
        clock_b.advance(seconds=60)  # 10:45:00 at B: past the first lease, within the renewed one (10:45:10)
        assert 7 in b.held_by_others(DOCUMENT_SET)
        clock_b.advance(seconds=20)  # 10:45:20: A went silent (crashed, cable pulled): its hold is stale
        assert b.held_by_others(DOCUMENT_SET) == {}
        taken = b.take(DOCUMENT_SET, 7, "edit")
        assert taken.info.actor == "B. Kowalska"
        assert not hold.renew()  # A learns it lost the hold
        taken.release()
        assert a.held_by_others(DOCUMENT_SET, [7]) == {}
    finally:
        a.release_all()
        b.release_all()
        first.close()
        second.close()


def test_editing_a_set_another_window_holds_is_refused_with_exit_75(tmp_path):
    made = run_cli("demo", basedir=tmp_path / "ws")
    assert made.returncode == 0, made.stderr
    app = App(tmp_path / "ws")
    try:
        info = next(s for s in app.documents.list_sets() if s.can_edit)
        with app.holds.take(DOCUMENT_SET, info.id, "sign"):
            edited = run_cli("--lang", "pl", "documents", "edit", str(info.id), "--form", "DRA", "--field", "I/p1",
                             "--value", "1", basedir=tmp_path / "ws")
            assert edited.returncode == EXIT_HELD, edited.stderr
            assert "Podpisuje:" in edited.stderr and "wygasa po 2 minutach" in edited.stderr
            assert app.documents.transitions(info.id)[-1]["note"] != "edit DRA I/p1 = 1"  # nothing changed
        # released: the same edit goes through the same checks as always (no hold in the way any more)
        again = run_cli("documents", "edit", str(info.id), "--form", "DRA", "--field", "I/p1", "--value", "1",
                        basedir=tmp_path / "ws")
        assert again.returncode != EXIT_HELD
    finally:
        app.close()


def _office(pg_cluster, tmp_path, name: str, url: str | None = None) -> tuple[str, App]:
    if url is None:
        template = pg_cluster.template("workspace_at_head", lambda u: Database(u).close())
        url = pg_cluster.url(pg_cluster.create_database(template=template))
    return url, App(tmp_path / name, database=Database(url, seat=name))


def _wait_for(heard: queue.Queue, topic: str) -> dict:
    """The next ``topic`` message on a seat's bus (a failure after PATIENCE_S, never a time measured)."""
    deadline = Clock.monotonic() + PATIENCE_S
    while True:
        got, payload = heard.get(timeout=max(deadline - Clock.monotonic(), 0.01))
        if got == topic:
            return payload


def test_seat_b_hears_seat_as_changes_and_nobody_hears_their_own(pg_cluster, tmp_path):
    from eplatnik.demo import create_demo

    url, a = _office(pg_cluster, tmp_path, "seat-a")
    _url, b = _office(pg_cluster, tmp_path, "seat-b", url)
    heard_by_a: queue.Queue = queue.Queue()
    heard_by_b: queue.Queue = queue.Queue()
    a.events.subscribe("*", lambda topic, p: heard_by_a.put((topic, p)) if p.get("external") else None)
    b.events.subscribe("*", lambda topic, p: heard_by_b.put((topic, p)) if p.get("external") else None)
    try:
        feed_b, feed_a = b.watch_other_processes(), a.watch_other_processes()
        assert feed_b.ready.wait(PATIENCE_S) and feed_a.ready.wait(PATIENCE_S)
        create_demo(a)  # payers, insured, sets, submissions … in many transactions
        assert _wait_for(heard_by_b, "register.changed")["seat"] == "seat-a"
        assert _wait_for(heard_by_b, "documents.changed")["seat"] == "seat-a"
        payer = a.register.list_payers()[0]
        set_id = a.documents.build_monthly(payer.id, Period.parse("2026-12")).id
        assert _wait_for(heard_by_b, "documents.changed")["seat"] == "seat-a"
        with a.holds.take(DOCUMENT_SET, set_id, "edit"):
            assert _wait_for(heard_by_b, "holds.changed")["seat"] == "seat-a"
            assert set_id in b.holds.held_by_others(DOCUMENT_SET)
        assert _wait_for(heard_by_b, "holds.changed")  # the release
        # B's change reaches A; nobody heard their own changes back
        b.documents.build_monthly(payer.id, Period.parse("2027-01"))
        assert _wait_for(heard_by_a, "documents.changed")["seat"] == "seat-b"
        assert feed_a.received > 0 and feed_b.received > 0
        seen_by_a = [heard_by_a.get_nowait() for _ in range(heard_by_a.qsize())]
        seen_by_b = [heard_by_b.get_nowait() for _ in range(heard_by_b.qsize())]
        assert all(p["seat"] == "seat-b" for _t, p in seen_by_a)
        assert all(p["seat"] == "seat-a" for _t, p in seen_by_b)
    finally:
        a.close()
        b.close()
