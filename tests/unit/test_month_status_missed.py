"""A missed deadline is the most important row (issue 13, point 9), also in ``month status``: past
periods whose declaration was not sent are listed first (red on a terminal, ``missed`` in ``--json``,
by the dashboard's rule), and in a period's own table the overdue clients come first.

Dates are pinned: the workspace acts on 2026-12-22 (the year with published rates); the office has
filed its clients' declarations since August.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from support import run_cli

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.demo import create_demo
from eplatnik.forms.model import SetStatus
from eplatnik.period import Period

TODAY = date(2026, 12, 22)
SENT_MONTHS = (Period(2026, 8), Period(2026, 9), Period(2026, 10))


def _accept(app, payer_id: int, period: Period) -> None:
    docs = app.documents
    info = docs.build_monthly(payer_id, period)
    if docs.get_info(info.id).status == SetStatus.DRAFT:
        docs.verify(info.id)
    for step in (SetStatus.SIGNED, SetStatus.QUEUED, SetStatus.SENT, SetStatus.ACCEPTED):
        docs.transition(info.id, step, note="sent earlier")


@pytest.fixture
def late_office(tmp_path):
    """Three clients whose August–October were accepted and whose November was not sent, and a new
    client with no declaration yet."""
    from eplatnik.register.models import Payer
    from eplatnik.workdays import PayerType

    app = App(tmp_path / "ws", clock=FixedClock("2026-12-22T10:00"))
    create_demo(app, today=date(2026, 10, 20))
    for payer in app.register.list_payers():
        for period in SENT_MONTHS:
            _accept(app, payer.id, period)
    app.register.add_payer(Payer(nip="8567346215", full_name="Nowa Firma sp. z o.o.", short_name="NOWA FIRMA",
                                 payer_type=PayerType.LEGAL, regon="192598184"))
    yield app
    app.close()


@pytest.mark.now("2026-12-22T10:00:00+01:00")
def test_month_status_lists_missed_periods_first(late_office):
    base = late_office.basedir
    late_office.close()
    env: dict[str, str] = {}
    r = run_cli("month", "status", "--period", "2026-12", basedir=base, env=env)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("ZALEGŁE")
    assert all("2026-11" in line and line.endswith("!") for line in lines[1:4])
    r = run_cli("month", "status", "--period", "2026-12", "--json", basedir=base, env=env)
    missed = json.loads(r.stdout)["missed"]
    assert {(m["nip"], m["period"], m["days_late"] > 0) for m in missed} == {
        ("5261040828", "2026-11", True), ("7792433421", "2026-11", True), ("9512345675", "2026-11", True)}
    r = run_cli("month", "status", "--period", "2026-11", "--json", basedir=base, env=env)
    clients = json.loads(r.stdout)["clients"]
    assert [c["overdue"] for c in clients] == [True] * 4  # every one of them is late for November
    assert [c["deadline"] for c in clients] == sorted(c["deadline"] for c in clients)
