"""The next step a person sees (dashboard, Documents buttons) follows from the lifecycle's allowed
transitions, and the dashboard puts a missed deadline first."""

from __future__ import annotations

from datetime import date

import pytest
from plugins.month import keep_only_period

from eplatnik.clock import FixedClock
from eplatnik.forms.lifecycle import Action, NextStep, allowed_actions, next_step
from eplatnik.forms.status import TRANSITIONS, SetStatus
from eplatnik.period import Period

TECHBUD, KOWALSKI, NOWAK = "9512345675", "5261040828", "7792433421"


def test_next_step_for_every_state_of_the_lifecycle():
    assert next_step(None) == NextStep.CREATE
    assert next_step("draft") == NextStep.VERIFY
    assert next_step("draft", errors=2) == NextStep.FIX
    assert next_step("verified") == NextStep.SIGN
    assert next_step("signed") == NextStep.SEND
    assert next_step("queued") == next_step("sent") == NextStep.WAIT
    assert next_step("accepted") == NextStep.RECEIPT and NextStep.RECEIPT.done
    assert next_step("rejected") == NextStep.CORRECT
    assert NextStep.FIX.label.render("pl") == "Popraw błędy" and NextStep.RECEIPT.label.render("pl") == "Zobacz UPO"


def test_actions_are_edges_of_the_lifecycle():
    assert allowed_actions("draft") == {Action.VERIFY}
    assert allowed_actions("verified") == {Action.VERIFY, Action.SIGN}
    assert allowed_actions("signed") == {Action.SEND}
    assert allowed_actions("queued") == allowed_actions("accepted") == set()


def test_a_set_says_what_it_allows_from_the_lifecycle(monkeypatch):
    """SetInfo.can_* (what the Documents page's buttons follow) are the lifecycle's edges, not screen rules."""
    from decimal import Decimal

    from eplatnik.forms.sets import SetInfo

    def info(status: str) -> SetInfo:
        return SetInfo(1, 1, "", "", "2026-10", "monthly", "01", SetStatus(status), "DRA", Decimal("0.00"), "",
                       None, None, None, "built", "", "", "")

    allowed = {s: (info(s).can_verify, info(s).can_sign, info(s).can_send, info(s).can_edit) for s in SetStatus}
    assert allowed == {SetStatus.DRAFT: (True, False, False, True), SetStatus.VERIFIED: (True, True, False, True),
                       SetStatus.SIGNED: (False, False, True, False), SetStatus.QUEUED: (False, False, False, False),
                       SetStatus.SENT: (False, False, False, False), SetStatus.ACCEPTED: (False, False, False, False),
                       SetStatus.REJECTED: (False, False, False, False)}
    assert info("verified").next_step() == NextStep.SIGN and info("draft").next_step(errors=1) == NextStep.FIX
    monkeypatch.setitem(TRANSITIONS, SetStatus.VERIFIED, frozenset({SetStatus.DRAFT}))
    assert not info("verified").can_sign and info("verified").can_edit


def test_a_changed_lifecycle_changes_the_next_step(monkeypatch):
    # if signing were no longer reachable from "verified", the dashboard would stop offering it
    monkeypatch.setitem(TRANSITIONS, SetStatus.VERIFIED, frozenset({SetStatus.DRAFT}))
    assert next_step("verified") == NextStep.WAIT
    assert Action.SIGN not in allowed_actions("verified")


@pytest.fixture
def office(tmp_path):
    """The demo workspace made on 20 November 2026 (October's sets built and verified)."""
    from eplatnik.app import App
    from eplatnik.demo import create_demo
    from eplatnik.demo.documents import build_demo_documents

    clock = FixedClock("2026-11-10T09:00")
    app = App(tmp_path / "ws", clock=clock)
    create_demo(app, today=date(2026, 11, 10))
    build_demo_documents(app, today=date(2026, 11, 10))
    keep_only_period(app, "2026-10")
    yield app, clock
    app.close()


def test_dashboard_rows_say_state_amount_and_next_step(office):
    app, _clock = office
    data = app.dashboard.load(with_certificates=False)
    rows = {r.payer.nip: r for r in data.deadlines}
    assert {r.period for r in data.deadlines} == {Period(2026, 10)}
    techbud = rows[TECHBUD]
    assert techbud.state == "verified" and techbud.to_pay and techbud.to_pay > 0
    assert techbud.next_step == NextStep.SIGN and techbud.set_id is not None and not techbud.overdue
    assert techbud.deadline == date(2026, 11, 16) and techbud.days_left == 6
    assert not data.missed and not data.all_done and len(data.to_do) == 3


def test_a_missed_deadline_is_the_first_row(office):
    app, clock = office
    clock.set("2026-12-05T09:00")  # October's deadlines (16 and 20 November) have passed, nothing was sent
    data = app.dashboard.load(with_certificates=False)
    first = data.deadlines[0]
    assert first.missed and first.overdue and first.period == Period(2026, 10)
    missed = {(r.payer.nip, r.period) for r in data.missed}
    assert missed == {(TECHBUD, Period(2026, 10)), (KOWALSKI, Period(2026, 10)), (NOWAK, Period(2026, 10))}
    assert all(r.next_step == NextStep.SIGN for r in data.missed)  # the sets wait for a signature
    # the current period follows: November, nothing built yet
    current = [r for r in data.deadlines if not r.missed]
    assert {r.period for r in current} == {Period(2026, 11)}
    assert all(r.next_step == NextStep.CREATE and r.state == "none" for r in current)
    assert data.deadlines.index(current[0]) == 3


def test_everything_accepted_looks_done(office):
    app, _clock = office
    from eplatnik.forms.model import SetStatus

    for info in app.documents.list_sets(period=Period(2026, 10)):
        for step in (SetStatus.SIGNED, SetStatus.QUEUED, SetStatus.SENT, SetStatus.ACCEPTED):
            app.documents.transition(info.id, step)  # along the lifecycle, as signing and the gateway do
    data = app.dashboard.load(with_certificates=False)
    assert data.all_done and not data.to_do
    assert all(r.next_step == NextStep.RECEIPT and r.state == "accepted" for r in data.deadlines)
