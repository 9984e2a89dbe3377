"""Dashboard data (no Qt): per client what is due, in what state, and the one next step.

For each payer the dashboard shows the nearest settlement period whose deadline has not passed yet
(on 21 November that is October for a payer due on the 15th only until the 17th, then November),
with its set's state, the amount to pay and the next step the lifecycle allows
(``forms.lifecycle.next_step``). A missed deadline comes first: an earlier period whose deadline
has passed and whose set was not sent (none built, still a draft, signed but not sent, or rejected)
is its own row, marked ``missed``, whatever else is due. Expiring authorisations and signing
certificates come with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from .forms.lifecycle import NextStep, next_step
from .i18n import Text, t
from .period import Period
from .workdays import monthly_deadline

if TYPE_CHECKING:
    from collections.abc import Callable

    from .clock import Clock
    from .month.status import PeriodState
    from .params.store import ParamsStore
    from .register.models import Authorisation, Payer, RegisterSummary
    from .register.service import RegisterService

#: how many settlement periods back a missed deadline is still looked for
MISSED_LOOKBACK = 12


@dataclass(frozen=True)
class DeadlineRow:
    payer: Payer
    period: Period
    deadline: date
    days_left: int
    insured_count: int
    # the monthly set's state for ``period`` (eplatnik.month.status.PeriodState value) and DRA IX p2
    state: str = "none"
    to_pay: Decimal | None = None
    next_step: NextStep = NextStep.CREATE
    set_id: int | None = None
    number: str = ""                  # declaration number ("01"; "02"… for a correction)
    correction_of: int | None = None  # the set this one corrects
    errors: int = 0
    warnings: int = 0
    reference: str = ""               # the gateway's reference of the latest submission
    submission_id: int | None = None
    gateway_profile: str = ""         # where that submission went: sandbox | production | custom
    missed: bool = False              # the deadline has passed and nothing was delivered
    # the payer's account (eplatnik.account): unpaid dues past their deadline, and late interest
    arrears: Decimal = Decimal("0.00")
    interest: Decimal = Decimal("0.00")

    @property
    def overdue(self) -> bool:
        return self.missed or (self.days_left < 0 and not self.delivered)

    @property
    def delivered(self) -> bool:
        return self.state in ("sent", "accepted")

    @property
    def done(self) -> bool:
        return self.next_step.done


@dataclass
class DashboardData:
    today: date
    period: Period
    summary: RegisterSummary
    deadlines: list[DeadlineRow] = field(default_factory=list)
    expiring: list[Authorisation] = field(default_factory=list)
    warn_days: int = 30
    certificates: list = field(default_factory=list)  # signing CertificateInfo expiring within warn_days
    params_warning: Text | None = None  # contribution figures of this/next year missing or not final
    unread_letters: dict[str, int] = field(default_factory=dict)  # payer NIP → letters from ZUS not opened here

    @property
    def unread_total(self) -> int:
        return sum(self.unread_letters.values())

    @property
    def missed(self) -> list[DeadlineRow]:
        return [r for r in self.deadlines if r.overdue]

    @property
    def to_do(self) -> list[DeadlineRow]:
        """Rows that still need the office's work (waiting for a receipt is not work)."""
        return [r for r in self.deadlines if r.next_step not in (NextStep.RECEIPT, NextStep.WAIT)]

    @property
    def all_done(self) -> bool:
        """Every client's set for its current period is accepted and nothing is missed."""
        return bool(self.deadlines) and all(r.done for r in self.deadlines)

    @property
    def next_deadline(self) -> DeadlineRow | None:
        open_rows = [r for r in self.deadlines if not r.done and not r.overdue]
        return min(open_rows, key=lambda r: (r.deadline, r.payer.short_name), default=None)


PARAMS_MISSING = t("Brak parametrów składek na {year} r. — deklaracji za miesiące {year} r. nie da się policzyć. "
                   "Zainstaluj je, gdy zostaną opublikowane: Ustawienia → Parametry składek albo "
                   "eplatnik-cli params install PLIK.",
                   "No contribution parameters for {year} — declarations for {year} cannot be computed. Install "
                   "them when they are published: Settings → Contribution parameters or eplatnik-cli params "
                   "install FILE.")
PARAMS_PROVISIONAL = t("Parametry składek na {year} r. nie są jeszcze ostateczne: {figures}. Zaktualizuj je po "
                       "publikacji (Ustawienia → Parametry składek; eplatnik-cli params list).",
                       "The {year} contribution parameters are not final yet: {figures}. Update them once published "
                       "(Settings → Contribution parameters; eplatnik-cli params list).")


def params_warning(store: ParamsStore, today: date) -> Text | None:
    """From 1 December: next year's figures missing or not final; any time: this year's."""
    from .params.labels import describe_sources

    years = [today.year + 1, today.year] if today.month == 12 else [today.year]
    for year in years:
        problem = store.next_year_problem(year)
        if problem is None:
            continue
        kind, entries = problem
        if kind == "missing":
            return PARAMS_MISSING(year=year)
        figures = describe_sources(entries)
        return Text(PARAMS_PROVISIONAL.pl.format(year=year, figures=figures.pl),
                    PARAMS_PROVISIONAL.en.format(year=year, figures=figures.en))
    return None


def upcoming_period(payer: Payer, today: date) -> Period:
    """The earliest period (from last month on) whose deadline for this payer is today or later."""
    period = Period.previous_of(today)
    while monthly_deadline(payer.payer_type, period) < today:
        period = period.next()
    return period


def sort_key(row: DeadlineRow) -> tuple:
    """Missed deadlines first (oldest first), then open work by deadline, finished clients last."""
    return (0 if row.overdue else 2 if row.done else 1, row.deadline, row.payer.short_name)


class PeriodSets(Protocol):
    """The monthly sets' state per (payer, period) (``month.store.PeriodReadModel.periods_rows``)."""

    def periods_rows(self, first: str, last: str) -> dict[tuple[int, str], dict[str, Any]]: ...


class DashboardService:
    """What the dashboard shows, from its collaborators (built in app.py). The slow or optional
    parts (the account, the signing stack, the parameter files) are functions, called only when
    the dashboard is loaded."""

    def __init__(self, *, register: RegisterService, sets: PeriodSets, arrears: Callable[[date], dict],
                 certificates: Callable[[int], list], params: Callable[[], ParamsStore],
                 unread_letters: Callable[[], dict[str, int]], warn_days: Callable[[], int], clock: Clock) -> None:
        self.register = register
        self.sets = sets
        self.arrears = arrears
        self.certificates = certificates
        self.params = params
        self.unread_letters = unread_letters
        self.warn_days = warn_days
        self.clock = clock

    def load(self, today: date | None = None, *, with_certificates: bool = True) -> DashboardData:
        """Everything the dashboard shows; ``with_certificates=False`` skips the signing stack (slow to
        import), which the GUI loads a moment later so the first screen comes up fast."""
        today = today or self.clock.today()
        period = Period.previous_of(today)
        reg = self.register
        warn_days = self.warn_days()
        counts = reg.insured_counts()
        payers = reg.list_payers()
        first = _back(period, MISSED_LOOKBACK)
        last = max((upcoming_period(p, today) for p in payers), default=period)
        sets = self.sets.periods_rows(str(first), str(last))
        rows: list[DeadlineRow] = []
        for payer in payers:
            current = upcoming_period(payer, today)
            insured = counts.get(payer.id, 0)  # type: ignore[arg-type]
            rows += _missed_rows(payer, current, first, today, sets, insured)
            due = monthly_deadline(payer.payer_type, current)
            rows.append(_row(payer, current, due, today, insured, sets.get((payer.id, str(current)))))  # type: ignore[arg-type]
        rows = with_arrears(rows, self.arrears(today))
        rows.sort(key=sort_key)
        return DashboardData(today=today, period=period, summary=reg.summary(), deadlines=rows,
                             expiring=reg.expiring_authorisations(today, warn_days), warn_days=warn_days,
                             certificates=self.certificates(warn_days) if with_certificates else [],
                             params_warning=params_warning(self.params(), today),
                             unread_letters=self.unread_letters())


def with_arrears(rows: list[DeadlineRow], arrears: dict) -> list[DeadlineRow]:
    """Each row with its payer's arrears and interest (``AccountService.arrears_by_payer``)."""
    from dataclasses import replace

    out = []
    for r in rows:
        found = arrears.get(r.payer.id)
        out.append(replace(r, arrears=found.arrears, interest=found.interest) if found else r)
    return out


def _back(period: Period, months: int) -> Period:
    for _ in range(months):
        period = period.prev()
    return period


def _missed_rows(payer: Payer, current: Period, first: Period, today: date,
                 sets: dict[tuple[int, str], dict[str, Any]], insured: int) -> list[DeadlineRow]:
    """Earlier periods of this payer whose deadline passed without a delivered set. A period with no
    set at all counts only once the payer has a monthly set for an earlier period (a client whose
    first month in the program is later has nothing missing before it)."""
    out = []
    started = False
    period = first
    while period < current:
        found = sets.get((payer.id, str(period)))  # type: ignore[arg-type]
        due = monthly_deadline(payer.payer_type, period)
        if found is not None or started:
            row = _row(payer, period, due, today, insured, found)
            if due < today and not row.delivered:
                out.append(_with_missed(row))
        started = started or found is not None
        period = period.next()
    return out


def _with_missed(row: DeadlineRow) -> DeadlineRow:
    from dataclasses import replace

    return replace(row, missed=True)


def _row(payer: Payer, period: Period, due: date, today: date, insured: int,
         found: dict[str, Any] | None) -> DeadlineRow:
    from .month.status import count_findings, derive_state

    if found is None:
        return DeadlineRow(payer, period, due, (due - today).days, insured)
    state: PeriodState = derive_state(found.get("status"), found.get("sub_state"))
    errors = count_findings(found.get("verification"), "error")
    return DeadlineRow(
        payer, period, due, (due - today).days, insured, state=str(state),
        to_pay=Decimal(found["to_pay"]) if found.get("to_pay") is not None else None,
        next_step=next_step(found.get("status"), errors=errors), set_id=found.get("set_id"),
        number=found.get("number") or "", correction_of=found.get("correction_of"), errors=errors,
        warnings=count_findings(found.get("verification"), "warning"), reference=found.get("reference") or "",
        submission_id=found.get("submission_id"), gateway_profile=found.get("sub_profile") or "")
