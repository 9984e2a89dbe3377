"""Several seats on one PostgreSQL office database (issue 16, step 16.4): exactly once across seats.

Real processes race on the throw-away cluster (tests/plugins/postgres.py): two building the same client's
month store one set; two moving one set record one move and the loser names the winner; two claiming the
same due submissions split them (``FOR UPDATE SKIP LOCKED``) and two enqueuing one set make one live
submission. The row lock is also shown deterministically: a second seat's move waits for the first one's
transaction and then sees its result, instead of writing the same move again (refactor plan, risky point 1).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.forms.model import SetStatus
from eplatnik.forms.races import AlreadyDone
from eplatnik.forms.store import DocumentStore
from eplatnik.period import Period
from eplatnik.store.database import Database

pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")

#: what each racing process runs: open the office as its own seat, wait for the start line, act, report JSON
_SEAT = r"""
import json, os, sys, time
from pathlib import Path
from eplatnik.app import App
from eplatnik.store.database import Database
url, basedir, start, action = sys.argv[1:5]
args = json.loads(sys.argv[5])
app = App(basedir, database=Database(url))
Path(basedir, "ready").write_text("1")
while not Path(start).exists():
    time.sleep(0.002)
out = {}
try:
    if action == "build":
        from eplatnik.period import Period
        out["set_id"] = app.documents.build_monthly(args["payer_id"], Period.parse(args["period"])).id
    elif action == "move":
        app.documents.transition(args["set_id"], args["to"])
        out["moved"] = True
    elif action == "enqueue_and_claim":
        from eplatnik.gateway.outbox_store import OutboxStore
        from eplatnik.proc import ProcessId
        outbox = OutboxStore(app.db, app.clock)
        sub, created = outbox.add(args["values"] | {"idempotency_key": "k-" + str(os.getpid())})
        out["submission"], out["created"] = sub.id, created
        out["claimed"] = sorted(outbox.claims.claim(args["ids"], ProcessId.current(), app.clock.now(), 600))
except Exception as exc:
    out["error"], out["error_type"] = str(exc), type(exc).__name__
print(json.dumps(out))
app.close()
"""


@pytest.fixture
def office(pg_cluster, tmp_path):
    """The demo office in a new PostgreSQL database: (its URL, an App on it)."""
    from eplatnik.demo import create_demo

    template = pg_cluster.template("workspace_at_head", lambda url: Database(url).close())
    url = pg_cluster.url(pg_cluster.create_database(template=template))
    app = App(tmp_path / "lead", database=Database(url))
    create_demo(app)
    yield url, app
    app.close()


def _race(url: str, tmp_path: Path, action: str, args: list[dict], timeout: float = 120) -> list[dict]:
    """One process per ``args`` item, all released at once; their JSON reports, in order."""
    start = tmp_path / "start"
    seats = [tmp_path / f"seat{n}" for n in range(len(args))]
    for seat in seats:
        seat.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", _SEAT, url, str(seat), str(start), action, json.dumps(a)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for seat, a in zip(seats, args, strict=True)]
    try:
        while not all((seat / "ready").exists() for seat in seats):
            if any(p.poll() is not None for p in procs):
                break
            threading.Event().wait(0.01)
        start.write_text("go")
        outs = [p.communicate(timeout=timeout) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert [p.returncode for p in procs] == [0] * len(procs), [err for _o, err in outs]
    return [json.loads(out.strip().splitlines()[-1]) for out, _err in outs]


def values(key: str, sha: str = "a" * 64, set_id: int | None = None) -> dict:
    """A submission row as the gateway service makes one (test_outbox_claims.py's)."""
    return {"idempotency_key": key, "gateway_key": "sandbox", "gateway_url": "http://127.0.0.1:1",
            "profile": "sandbox", "document_set_id": set_id, "payer_nip": "9512345675", "period": "2026-10",
            "document_path": f"gateway/{key}.kedu.xml", "document_sha256": sha, "package_path": f"gateway/{key}.p7m",
            "package_sha256": "x", "package_type": "T", "receipt_cert_sha256": "c", "actor": "Maria Wiśniewska"}


def _demo_payer(app: App) -> int:
    return next(p.id for p in app.register.list_payers() if app.register.list_insured(p.id))


def test_two_seats_building_one_clients_month_store_one_set(office, tmp_path):
    url, app = office
    payer_id, period = _demo_payer(app), "2026-12"
    reports = _race(url, tmp_path, "build", [{"payer_id": payer_id, "period": period}] * 3)
    assert all("error" not in r for r in reports), reports
    assert len({r["set_id"] for r in reports}) == 1  # each seat shows the one set
    sets = app.documents.list_sets(payer_id=payer_id, period=period, kind="monthly")
    assert len(sets) == 1


def test_two_seats_moving_one_set_record_one_move_and_the_other_names_who(office, tmp_path):
    url, app = office
    set_id = app.documents.build_monthly(_demo_payer(app), Period.parse("2026-12")).id
    reports = _race(url, tmp_path, "move", [{"set_id": set_id, "to": "verified"}] * 2)
    winners = [r for r in reports if r.get("moved")]
    losers = [r for r in reports if not r.get("moved")]
    assert len(winners) == 1 and len(losers) == 1, reports
    assert losers[0]["error_type"] == "AlreadyDone"  # "already … by <accountant> at …": the truth
    moves = [t for t in app.documents.transitions(set_id) if t["to_status"] == "verified"]
    assert len(moves) == 1


def test_seats_enqueuing_one_set_make_one_submission_and_split_the_claims(office, tmp_path):
    url, app = office
    set_id = app.documents.list_sets()[0].id
    from eplatnik.gateway.outbox_store import OutboxStore

    outbox = OutboxStore(app.db, app.clock)
    due = [outbox.add(values(f"due{n}", sha=f"{n:064d}"))[0].id for n in range(40)]
    reports = _race(url, tmp_path, "enqueue_and_claim",
                    [{"values": values("x", sha="f" * 64, set_id=set_id), "ids": due}] * 3)
    assert len({r["submission"] for r in reports}) == 1  # one live submission, every seat names it
    assert sorted(r["created"] for r in reports) == [False, False, True]
    claimed = [set(r["claimed"]) for r in reports]
    assert sum(len(c) for c in claimed) == len(set().union(*claimed))  # no row claimed by two seats


def test_a_second_seats_move_waits_for_the_first_and_sees_its_result(office):
    """Deterministic: seat A has read "draft" inside its transaction and holds the row; seat B's move of the
    same set waits for A's commit, then reads "verified" and reports it already done (nothing written twice)."""
    url, app = office
    set_id = app.documents.build_monthly(_demo_payer(app), Period.parse("2026-12")).id
    a_db, b_db = Database(url), Database(url)
    a, b = DocumentStore(a_db), DocumentStore(b_db)
    inside, release = threading.Event(), threading.Event()
    seen_by_b: list[SetStatus | None] = []

    def a_check(current):
        inside.set()
        assert release.wait(30)

    def b_check(current):
        seen_by_b.append(current)
        if current == SetStatus.VERIFIED:
            raise AlreadyDone(set_id, current, "A", "")

    now = FixedClock("2026-11-20T10:00").now_iso()
    thread_a = threading.Thread(target=lambda: a.move(set_id, SetStatus.VERIFIED, a_check, actor="A", now=now,
                                                      note=""))
    thread_a.start()
    assert inside.wait(30)
    outcome: list[BaseException] = []

    def b_move():
        try:
            b.move(set_id, SetStatus.VERIFIED, b_check, actor="B", now=now, note="")
        except BaseException as exc:
            outcome.append(exc)

    thread_b = threading.Thread(target=b_move)
    thread_b.start()
    thread_b.join(1.0)
    assert thread_b.is_alive() and seen_by_b == []  # B waits on the row A holds
    release.set()
    thread_a.join(30)
    thread_b.join(30)
    try:
        assert seen_by_b == [SetStatus.VERIFIED]
        assert outcome and isinstance(outcome[0], AlreadyDone)
        moves = [t for t in app.documents.transitions(set_id) if t["to_status"] == "verified"]
        assert [m["actor"] for m in moves] == ["A"]
    finally:
        a_db.close()
        b_db.close()


def test_the_built_set_index_refuses_a_second_built_set(office):
    """The database's backstop: a second "built" set of the same payer, month and number is refused."""
    from eplatnik.errors import StorageError

    _url, app = office
    info = app.documents.build_monthly(_demo_payer(app), Period.parse("2026-12"))
    with pytest.raises(StorageError):
        app.db.transaction(lambda c: c.execute(
            "INSERT INTO document_sets (payer_id, period, kind, number, status, xml, xml_sha256, source, "
            "created_at, updated_at) VALUES (?, ?, 'monthly', ?, 'draft', ?, 'x', 'built', 'n', 'n')",
            (info.payer_id, info.period, info.number, b"<x/>")))
