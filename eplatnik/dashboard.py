"""Dashboard data (no Qt): clients, their deadlines for the current period, expiring authorisations.

For each payer the dashboard shows the nearest settlement period whose deadline has not passed yet:
on 21 November that is October for a payer due on the 15th only until the 17th, then November.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from .i18n import Text, t
from .period import Period
from .settings import EXPIRY_WARNING_DAYS
from .workdays import monthly_deadline

if TYPE_CHECKING:
    from .app import App
    from .params.store import ParamsStore
    from .register.models import Authorisation, Payer, RegisterSummary


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
    # the payer's account (eplatnik.account): unpaid dues past their deadline, and late interest
    arrears: Decimal = Decimal("0.00")
    interest: Decimal = Decimal("0.00")

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


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


def load_dashboard(app: App, today: date | None = None, *, with_certificates: bool = True) -> DashboardData:
    """Everything the dashboard shows; ``with_certificates=False`` skips the signing stack (slow to
    import), which the GUI loads a moment later so the first screen comes up fast."""
    today = today or app.clock.today()
    period = Period.previous_of(today)
    reg = app.register
    warn_days = app.settings.get(EXPIRY_WARNING_DAYS)
    counts = dict(app.db.query("SELECT payer_id, COUNT(*) FROM insured_persons GROUP BY payer_id"))
    rows = []
    for payer in reg.list_payers():
        payer_period = upcoming_period(payer, today)
        due = monthly_deadline(payer.payer_type, payer_period)
        rows.append(DeadlineRow(payer, payer_period, due, (due - today).days, counts.get(payer.id, 0)))
    rows = _with_period_state(app, rows)
    rows = with_arrears(rows, app.account.arrears_by_payer(today))
    rows.sort(key=lambda r: (r.deadline, r.payer.short_name))
    return DashboardData(today=today, period=period, summary=reg.summary(), deadlines=rows,
                         expiring=reg.expiring_authorisations(today, warn_days), warn_days=warn_days,
                         certificates=app.signing.expiring_certificates(warn_days) if with_certificates else [],
                         params_warning=params_warning(app.params, today))


def with_arrears(rows: list[DeadlineRow], arrears: dict) -> list[DeadlineRow]:
    """Each row with its payer's arrears and interest (``AccountService.arrears_by_payer``)."""
    from dataclasses import replace

    out = []
    for r in rows:
        found = arrears.get(r.payer.id)
        out.append(replace(r, arrears=found.arrears, interest=found.interest) if found else r)
    return out


def _with_period_state(app: App, rows: list[DeadlineRow]) -> list[DeadlineRow]:
    """Each row with its set's state for its period, derived from the documents and the outbox."""
    from dataclasses import replace

    from .month.status import derive_state
    from .month.store import MonthStore

    store = MonthStore(app.db, app.clock)
    by_period = {str(p): store.period_rows(str(p)) for p in {r.period for r in rows}}
    out = []
    for r in rows:
        found = by_period[str(r.period)].get(r.payer.id)  # type: ignore[arg-type]
        if found is None:
            out.append(r)
            continue
        out.append(replace(r, state=str(derive_state(found.get("status"), found.get("sub_state"))),
                           to_pay=Decimal(found["to_pay"]) if found.get("to_pay") is not None else None))
    return out
