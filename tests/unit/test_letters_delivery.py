"""Deemed delivery after 14 days and the one-month appeal deadline, with the dates as inputs."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from eplatnik.letters.delivery import LetterKind, LetterState, add_months, appeal_deadline, deemed_date, delivery

WARSAW = ZoneInfo("Europe/Warsaw")


def at(y, m, d, h=10) -> datetime:
    return datetime(y, m, d, h, tzinfo=WARSAW)


def test_deemed_delivered_on_the_fourteenth_day_after_placing():
    placed = at(2026, 11, 2)
    assert deemed_date(placed) == date(2026, 11, 16)
    assert delivery(placed, date(2026, 11, 16)).state is LetterState.AWAITING      # still that day
    late = delivery(placed, date(2026, 11, 17), kind=LetterKind.DECISION)
    assert late.state is LetterState.DEEMED_DELIVERED and late.delivered_on == date(2026, 11, 16)
    assert late.appeal_until == date(2026, 12, 16) and late.days_left == -1


def test_placing_late_in_the_evening_counts_by_the_polish_date():
    placed = datetime(2026, 11, 2, 23, 30, tzinfo=ZoneInfo("UTC"))   # 3 November, 00:30 in Warsaw
    assert deemed_date(placed) == date(2026, 11, 17)


def test_opened_with_upd_is_delivered_that_day_and_the_appeal_runs_from_it():
    d = delivery(at(2026, 11, 2), date(2026, 11, 20), opened_at=at(2026, 11, 5), kind=LetterKind.DECISION)
    assert d.state is LetterState.DELIVERED and d.delivered_on == date(2026, 11, 5)
    assert d.appeal_until == date(2026, 12, 7)   # 5 December 2026 is a Saturday → Monday 7th


def test_opened_after_the_deemed_day_does_not_move_the_delivery():
    d = delivery(at(2026, 11, 2), date(2026, 12, 1), opened_at=at(2026, 11, 30), kind=LetterKind.DECISION)
    assert d.state is LetterState.DEEMED_DELIVERED and d.delivered_on == date(2026, 11, 16)


def test_notices_have_no_appeal_deadline():
    d = delivery(at(2026, 11, 2), date(2026, 12, 1), kind=LetterKind.NOTICE)
    assert d.delivered_on == date(2026, 11, 16) and d.appeal_until is None


@pytest.mark.parametrize(("delivered", "deadline"), [
    (date(2026, 1, 31), date(2026, 3, 2)),     # no 31 February → 28th (Saturday) → Monday 2 March
    (date(2027, 1, 29), date(2027, 3, 1)),     # 28 Feb 2027 is a Sunday → Monday 1 March
    (date(2026, 10, 11), date(2026, 11, 12)),  # 11 November is Independence Day → 12th
    (date(2026, 11, 24), date(2026, 12, 28)),  # 24 December (Wigilia, a day off from 2025) … → 28th
])
def test_appeal_deadline_month_rule_and_days_off(delivered, deadline):
    assert appeal_deadline(delivered) == deadline


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
