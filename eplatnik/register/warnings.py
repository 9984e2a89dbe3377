"""Register data that is allowed but unusual: shown as a warning, never refused.

* an accident rate outside the group-rate range (only an individual rate set by ZUS lies there);
* Mały ZUS Plus (title 05 90 / 05 92) for someone whose business ran fewer days in the prior year
  than the relief requires (60, from the parameter files).
"""

from __future__ import annotations

from datetime import date

from ..errors import FieldError, UserFacingError
from ..i18n import Text, t
from ..params.store import ParamsStore, packaged_store
from ..period import Period
from . import validation as v
from .codes import title_kind
from .models import InsuredPerson, Payer

PLUS_FEW_DAYS = t("Uwaga: Mały ZUS Plus od {year} r. wymaga co najmniej {minimum} dni działalności w {prior} r., a "
                  "według daty rozpoczęcia ({start}) było ich {days} — sprawdź prawo do ulgi.",
                  "Note: Mały ZUS Plus from {year} needs at least {minimum} days of business in {prior}; by the "
                  "start date ({start}) there were {days} — check that the relief applies.")


def payer_warnings(payer: Payer) -> list[FieldError]:
    problem = v.accident_rate_warning(str(payer.accident_rate))
    return [FieldError("accident_rate", problem)] if problem else []


def plus_days_problem(person: InsuredPerson, year: int, store: ParamsStore | None = None,
                      code: str | None = None) -> Text | None:
    """Why Mały ZUS Plus in ``year`` looks wrong for ``person`` (None when it does not); ``code``: the
    title code declared (default: the register's)."""
    r = person.record
    if title_kind(code or r.insurance_title_code) != "self_employed_plus":
        return None
    store = store or packaged_store()
    try:
        minimum = int(store.entry("self_employed.plus_min_days", Period(year, 1)).value)
    except UserFacingError:  # no parameters for that year: use the latest rule
        years = store.years()
        if not years:
            return None
        minimum = int(store.entry("self_employed.plus_min_days", Period(max(years), 1)).value)
    days = r.days_active_in(year - 1)
    if days >= minimum:
        return None
    return PLUS_FEW_DAYS(year=year, minimum=minimum, prior=year - 1, start=r.start_date.isoformat(), days=days)


def insured_warnings(person: InsuredPerson, today: date, store: ParamsStore | None = None) -> list[FieldError]:
    """Warnings for a person's record as of ``today`` (the relief year is the record's from-year)."""
    year = (person.record.valid_from or today).year
    problem = plus_days_problem(person, max(year, person.record.start_date.year), store)
    return [FieldError("insurance_title_code", problem)] if problem else []
