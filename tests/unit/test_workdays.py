from datetime import date

import pytest

from eplatnik.period import Period
from eplatnik.workdays import (
    PayerType,
    is_holiday,
    is_working_day,
    monthly_deadline,
    registration_deadline,
)

# deadlines.md §3 — computed example dates
CASES = [
    (PayerType.BUDGET, "2024-12", date(2025, 1, 7)),
    (PayerType.OTHER, "2025-03", date(2025, 4, 22)),
    (PayerType.LEGAL, "2025-07", date(2025, 8, 18)),
    (PayerType.OTHER, "2025-11", date(2025, 12, 22)),
    (PayerType.BUDGET, "2026-03", date(2026, 4, 7)),
    (PayerType.OTHER, "2026-05", date(2026, 6, 22)),
    (PayerType.LEGAL, "2026-07", date(2026, 8, 17)),
    (PayerType.OTHER, "2026-08", date(2026, 9, 21)),
    (PayerType.BUDGET, "2026-11", date(2026, 12, 7)),
    (PayerType.OTHER, "2026-11", date(2026, 12, 21)),
]


@pytest.mark.parametrize(("payer_type", "period", "expected"), CASES)
def test_monthly_deadline_rolls_over_weekends_and_holidays(payer_type, period, expected):
    assert monthly_deadline(payer_type, Period.parse(period)) == expected


def test_wigilia_is_a_day_off_from_2025_only():
    assert is_holiday(date(2025, 12, 24))
    assert is_holiday(date(2026, 12, 24))
    assert not is_holiday(date(2024, 12, 24))
    assert not is_working_day(date(2026, 12, 24))


def test_number_of_statutory_holidays():
    import holidays

    assert len(holidays.country_holidays("PL", years=2024)) == 13
    assert len(holidays.country_holidays("PL", years=2026)) == 14


def test_registration_deadline_saturday_switch():
    # a zlecenie starting on Saturday 2026-01-03: day 7 is Saturday 2026-01-10 (deadlines.md §4)
    assert registration_deadline(date(2026, 1, 3)) == date(2026, 1, 10)
    assert registration_deadline(date(2026, 1, 3), saturday_extends=True) == date(2026, 1, 12)


def test_period_parsing_and_errors():
    assert Period.parse("2026-10").kedu() == "102026"
    assert Period.parse("102026") == Period(2026, 10)
    assert Period(2026, 12).next() == Period(2027, 1)
    assert Period(2026, 1).prev() == Period(2025, 12)
    assert Period(2026, 2).last_day() == date(2026, 2, 28)
    from eplatnik.errors import UserFacingError

    with pytest.raises(UserFacingError, match="RRRR-MM"):
        Period.parse("10/2026")
