"""Per-client state of a settlement period, for the month-end table and the dashboard.

The state is derived on every load from the documents and the outbox (the latest monthly set of the
period and that set's latest submission), never copied, so it cannot drift from what was really
built, signed and sent. Deadlines come from ``workdays.monthly_deadline``; authorisation expiry from
the register; certificate expiry from the certificates the signing area has seen used.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..i18n import Text, t
from ..period import Period
from ..states import STATE_LABELS as LABELS
from ..workdays import monthly_deadline

if TYPE_CHECKING:
    from ..register.models import Payer
    from .ports import ArrearsSource, CertificateWatch, PayerDirectory


class PeriodState(enum.StrEnum):
    NONE = "none"
    DRAFT = "draft"
    VERIFIED = "verified"
    SIGNED = "signed"
    QUEUED = "queued"          # stored in the outbox, not yet taken by the gateway
    SENT = "sent"              # the gateway has it (reference given), no receipt yet
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FAILED = "failed"          # the transport was refused or the receipt did not verify

    @property
    def label(self) -> Text:
        return STATE_LABELS[self]

    @property
    def sent(self) -> bool:
        return self in (PeriodState.SENT, PeriodState.ACCEPTED)


#: the one vocabulary of states (eplatnik/states.py)
STATE_LABELS = {state: LABELS[state.value] for state in PeriodState}

_FROM_OUTBOX = {"queued": PeriodState.QUEUED, "failed_retryable": PeriodState.QUEUED, "sent": PeriodState.SENT,
                "in_progress": PeriodState.SENT, "accepted": PeriodState.ACCEPTED,
                "rejected": PeriodState.REJECTED, "failed": PeriodState.FAILED,
                "receipt_invalid": PeriodState.FAILED}
_FROM_SET = {"draft": PeriodState.DRAFT, "verified": PeriodState.VERIFIED, "signed": PeriodState.SIGNED,
             "queued": PeriodState.QUEUED, "sent": PeriodState.SENT, "accepted": PeriodState.ACCEPTED,
             "rejected": PeriodState.REJECTED}


def derive_state(set_status: str | None, submission_state: str | None) -> PeriodState:
    """The period state from the set's lifecycle status and its latest outbox submission."""
    if set_status is None:
        return PeriodState.NONE
    if submission_state is not None and set_status not in ("draft", "verified"):
        return _FROM_OUTBOX.get(submission_state, PeriodState.SENT)
    return _FROM_SET.get(set_status, PeriodState.DRAFT)


@dataclass
class ClientPeriod:
    """One row of the month-end table."""

    payer: Payer
    period: Period
    state: PeriodState
    set_id: int | None
    warnings: int
    errors: int
    deadline: date
    days_left: int
    to_pay: Decimal | None
    authorised_until: date | None      # latest expiry among active authorisations; None = open-ended
    authorised: bool                   # the current accountant holds an active authorisation
    certificate_expires: date | None   # the authorised accountants' known signing certificates
    reference: str = ""
    problem: str = ""                  # last rejection / sending error (already in the UI language)
    arrears: Decimal = Decimal("0.00")  # the payer's unpaid dues past their deadline (eplatnik.account)
    gateway_profile: str = ""          # where the latest submission went; only "production" is ZUS

    @property
    def not_zus(self) -> bool:
        """Sent to the sandbox or another test gateway: an "accepted" there is not ZUS's."""
        return bool(self.gateway_profile) and self.gateway_profile != "production"

    @property
    def overdue(self) -> bool:
        return self.days_left < 0 and self.state not in (PeriodState.SENT, PeriodState.ACCEPTED)

    @property
    def not_sent(self) -> bool:
        return self.state not in (PeriodState.SENT, PeriodState.ACCEPTED)


class Filter(enum.StrEnum):
    ALL = "all"
    NOT_SENT = "not_sent"
    REJECTED = "rejected"
    DUE_SOON = "due_soon"      # deadline within 3 days (or overdue) and not yet sent
    OVERDUE = "overdue"


FILTER_LABELS = {
    Filter.ALL: t("wszyscy klienci", "all clients"),
    Filter.NOT_SENT: t("jeszcze nie wysłane", "not yet sent"),
    Filter.REJECTED: t("odrzucone", "rejected"),
    Filter.DUE_SOON: t("termin za 3 dni lub mniej", "deadline in 3 days or less"),
    Filter.OVERDUE: t("po terminie", "overdue"),
}
DUE_SOON_DAYS = 3
SORT_KEYS = ("deadline", "name", "state", "to_pay", "days_left")


def count_findings(findings_json: str | None, severity: str) -> int:
    """How many findings of ``severity`` a set's stored verification (JSON) holds."""
    if not findings_json:
        return 0
    try:
        return sum(1 for f in json.loads(findings_json) if f.get("severity") == severity)
    except (ValueError, AttributeError):
        return 0


def _problem(row: dict, lang: str | None) -> str:
    from ..i18n import language

    lang = lang or language()
    if row.get("receipt_errors"):
        errors = json.loads(row["receipt_errors"] or "[]")
        parts = []
        for e in errors:
            where = " ".join(str(e.get(k, "")) for k in ("document", "block", "field") if e.get(k))
            message = e.get(f"message_{lang}") or e.get("message") or ""
            parts.append(f"{where}: {message}" if where else message)
        if parts:
            return "; ".join(parts)
    if row.get("last_error"):
        try:
            err = json.loads(row["last_error"])
            return err.get(lang) or err.get("pl") or ""
        except ValueError:
            return str(row["last_error"])
    return ""


def load_period(rows: dict[int, dict], period: Period, today: date, *, register: PayerDirectory,
                certificates: CertificateWatch, account: ArrearsSource, actor: str, lang: str | None = None,
                payer_ids: list[int] | None = None) -> list[ClientPeriod]:
    """Every active client's state for ``period`` (sorted by deadline, then name), from the month
    store's ``period_rows`` (``MonthService.period`` is the one caller)."""
    reg = register
    auths = reg.list_authorisations()
    pesel_of = {a.name: a.pesel for a in reg.list_accountants()}
    cert_expiry: dict[str, date] = {}
    try:
        for cert in certificates.known_certificates():
            if cert.pesel:
                day = cert.not_after.date()
                cert_expiry[cert.pesel] = max(day, cert_expiry.get(cert.pesel, day))
    except ImportError:
        pass  # a build without the signing area
    arrears = account.arrears_by_payer(today)
    out = []
    wanted = set(payer_ids) if payer_ids is not None else None
    for payer in reg.list_payers():
        if wanted is not None and payer.id not in wanted:
            continue
        active = [a for a in auths if a.payer_id == payer.id and a.active_on(today)]
        until = None if any(a.valid_to is None for a in active) else max((a.valid_to for a in active),
                                                                          default=None)
        certs = [cert_expiry[pesel_of[a.accountant_name]] for a in active
                 if pesel_of.get(a.accountant_name) in cert_expiry]
        row = rows.get(payer.id, {}) if payer.id is not None else {}
        state = derive_state(row.get("status"), row.get("sub_state"))
        due = monthly_deadline(payer.payer_type, period)
        out.append(ClientPeriod(
            payer=payer, period=period, state=state, set_id=row.get("set_id"),
            warnings=count_findings(row.get("verification"), "warning"),
            errors=count_findings(row.get("verification"), "error"),
            deadline=due, days_left=(due - today).days,
            to_pay=Decimal(row["to_pay"]) if row.get("to_pay") is not None else None,
            authorised_until=until, authorised=any(a.accountant_name == actor for a in active),
            certificate_expires=min(certs) if certs else None, reference=row.get("reference") or "",
            gateway_profile=row.get("sub_profile") or "",
            problem=_problem(row, lang) if state in (PeriodState.REJECTED, PeriodState.FAILED,
                                                     PeriodState.QUEUED) else "",
            arrears=arrears[payer.id].arrears if payer.id in arrears else Decimal("0.00")))
    return sort_rows(out, "deadline")


def matches(row: ClientPeriod, flt: Filter | str = Filter.ALL, query: str = "") -> bool:
    flt = Filter(flt)
    if flt == Filter.NOT_SENT and not row.not_sent:
        return False
    if flt == Filter.REJECTED and row.state not in (PeriodState.REJECTED, PeriodState.FAILED):
        return False
    if flt == Filter.DUE_SOON and not (row.not_sent and row.days_left <= DUE_SOON_DAYS):
        return False
    if flt == Filter.OVERDUE and not row.overdue:
        return False
    if query:
        q = query.strip().lower()
        hay = " ".join((row.payer.short_name, row.payer.full_name, row.payer.nip, row.payer.regon,
                        row.payer.city, row.reference)).lower()
        return all(part in hay for part in q.split())
    return True


def filter_rows(rows: list[ClientPeriod], flt: Filter | str = Filter.ALL, query: str = "") -> list[ClientPeriod]:
    return [r for r in rows if matches(r, flt, query)]


_STATE_ORDER = {s: n for n, s in enumerate(PeriodState)}


def sort_rows(rows: list[ClientPeriod], key: str = "deadline", descending: bool = False) -> list[ClientPeriod]:
    keys = {
        # an unsent period past its deadline is the most important row: first
        "deadline": lambda r: (not r.overdue, r.deadline, r.payer.short_name.lower()),
        "days_left": lambda r: (r.days_left, r.payer.short_name.lower()),
        "name": lambda r: r.payer.short_name.lower(),
        "state": lambda r: (_STATE_ORDER[r.state], r.payer.short_name.lower()),
        "to_pay": lambda r: (r.to_pay is None, r.to_pay or Decimal(0)),
    }
    return sorted(rows, key=keys.get(key, keys["deadline"]), reverse=descending)


def counts(rows: list[ClientPeriod]) -> dict[str, int]:
    """How many clients are in each state (for the page header and the dashboard)."""
    out = {str(s): 0 for s in PeriodState}
    for r in rows:
        out[str(r.state)] += 1
    return out
