"""After a run: the office summary (what was sent, what was rejected and why) and the verification
report grouped by client. Rows are read from the run and from the documents/outbox tables."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..states import STEP_LABELS

if TYPE_CHECKING:
    from ..register.models import Payer
    from .ports import MonthDocuments
    from .records import Run
    from .store import MonthStore, PeriodReadModel

NOT_ZUS = t("test — nie ZUS", "test — not ZUS")
PHASE_NAMES = {"build": t("przygotowanie", "build"), "verify": t("weryfikacja", "verification"),
               "sign": t("podpis", "signing"), "submit": t("wysyłka", "sending"),
               "receipts": t("potwierdzenie", "receipt")}


@dataclass
class LaterSet:
    """A set of the same client and period made after the run's: a correction (or a new version of
    a signed set) — shown beside the run's declaration; once accepted, its amount is what is due."""
    set_id: int
    number: str
    is_correction: bool
    state: str          # month.status.PeriodState value
    state_label: str
    to_pay: Decimal | None
    reference: str

    @property
    def accepted(self) -> bool:
        return self.state == "accepted"


@dataclass
class SummaryRow:
    payer_id: int
    nip: str
    name: str
    step: str
    step_label: str
    set_id: int | None
    to_pay: Decimal | None
    reference: str
    warnings: int
    errors: int
    changes: list[str]
    failed_at: str
    reason: str
    actor: str
    correction: LaterSet | None = None
    gateway_profile: str = ""   # where the run's set went: only "production" is ZUS

    def later_text(self, lang: str = "pl") -> str:
        """The set made after the run's in words (``later_text``), '' when there is none."""
        return later_text(self.correction, lang) if self.correction is not None else ""

    @property
    def due(self) -> Decimal | None:
        """What this client owes for the period now: an accepted later declaration replaces the run's."""
        if self.correction is not None and self.correction.accepted:
            return self.correction.to_pay
        return self.to_pay if self.step == "accepted" else None


@dataclass
class OfficeSummary:
    run_id: int
    period: str
    actor: str
    state: str
    created_at: str
    rows: list[SummaryRow]

    def count(self, *steps: str) -> int:
        return sum(1 for r in self.rows if r.step in steps)

    @property
    def not_zus(self) -> bool:
        """Some set of the run went to the sandbox or another test gateway, not to ZUS."""
        return any(r.gateway_profile and r.gateway_profile != "production" for r in self.rows)

    @property
    def total_to_pay(self) -> Decimal:
        """The amount due for the accepted declarations (a client's accepted correction counted instead
        of what it corrects)."""
        return sum((r.due for r in self.rows if r.due is not None), Decimal("0.00"))


def office_summary(store: MonthStore, periods: PeriodReadModel, run: Run, payers: dict[int | None, Payer],
                   lang: str | None = None) -> OfficeSummary:
    """``MonthService.summary`` is the one caller (it finds the run and the register's payers)."""
    from ..i18n import language

    lang = lang or language()
    clients = store.clients(run.id)
    latest = periods.period_rows(run.period)
    own = periods.sets_rows([c.set_id for c in clients if c.set_id is not None])
    rows = []
    for c in clients:
        payer = payers[c.payer_id]
        info = own.get(c.set_id, {}) if c.set_id is not None else {}
        label = STEP_LABELS[c.step].render(lang)
        profile = info.get("sub_profile") or ""
        if profile and profile != "production":  # a sandbox receipt is not a ZUS one
            label = f"{label} ({NOT_ZUS.render(lang)})"
        rows.append(SummaryRow(
            payer_id=c.payer_id, nip=payer.nip, name=payer.short_name, step=c.step,
            step_label=label, set_id=c.set_id, gateway_profile=profile,
            to_pay=Decimal(info["to_pay"]) if info.get("to_pay") is not None else None,
            reference=info.get("reference") or "", warnings=c.warnings, errors=c.errors,
            changes=[ch.get(lang) or ch.get("pl", "") for ch in c.changes],
            failed_at=PHASE_NAMES[c.failed_step].render(lang) if c.failed_step in PHASE_NAMES else "",
            reason=c.error_text(lang), actor=c.actor, correction=_later(latest.get(c.payer_id), c.set_id, lang)))
    return OfficeSummary(run.id, run.period, run.actor, run.state, run.created_at, rows)


def _later(row: dict[str, Any] | None, run_set: int | None, lang: str) -> LaterSet | None:
    """The client's latest set for the period when it is not the one the run handled."""
    from .status import derive_state

    if row is None or run_set is None or row.get("set_id") == run_set or int(row["set_id"]) < run_set:
        return None
    state = derive_state(row.get("status"), row.get("sub_state"))
    return LaterSet(int(row["set_id"]), row.get("number") or "", row.get("correction_of") is not None, str(state),
                    state.label.render(lang), Decimal(row["to_pay"]) if row.get("to_pay") is not None else None,
                    row.get("reference") or "")


def later_text(later: LaterSet, lang: str = "pl") -> str:
    """"korekta 02 (zestaw 7): przyjęta, ref. …, do zapłaty 2 500,00 zł" — for the PDF and the CSV."""
    from ..formatting import money

    kind = t("korekta", "correction") if later.is_correction else t("nowa wersja", "new version")
    parts = [f"{kind.render(lang)} {later.number} ({t('zestaw', 'set').render(lang)} {later.set_id}): "
             f"{later.state_label}"]
    if later.reference:
        parts.append(f"{t('nr ref.', 'ref.').render(lang)} {later.reference}")
    if later.to_pay is not None:
        parts.append(f"{t('do zapłaty', 'to pay').render(lang)} {money(later.to_pay, lang, unit=True)}")
    return ", ".join(parts)


CSV_HEADER = {
    "pl": ["NIP", "Klient", "Stan", "Do zapłaty", "Numer referencyjny", "Ostrzeżenia", "Błędy",
           "Etap błędu", "Przyczyna", "Zmiany wobec poprzedniego okresu", "Wykonał(a)", "Później (korekta)"],
    "en": ["NIP", "Client", "State", "To pay", "Reference", "Warnings", "Errors", "Failed at", "Reason",
           "Changes against the previous period", "Done by", "Later (correction)"],
}


def summary_csv(summary: OfficeSummary, lang: str = "pl") -> bytes:
    """CSV (UTF-8 with BOM and ';' so that a Polish spreadsheet opens it as columns); cells that would
    start a formula are neutralised (``csvsafe``)."""
    from ..csvsafe import writer as safe_writer

    buf = io.StringIO()
    writer = safe_writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER["pl" if lang == "pl" else "en"])
    for r in summary.rows:
        amount = "" if r.to_pay is None else f"{r.to_pay:.2f}"
        amount = amount.replace(".", ",") if lang == "pl" else amount
        writer.writerow([r.nip, r.name, r.step_label, amount, r.reference, r.warnings, r.errors, r.failed_at,
                         r.reason, " | ".join(r.changes), r.actor,
                         r.later_text(lang)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def verification_report(store: MonthStore, run_id: int, payers: dict[int | None, Payer], documents: MonthDocuments,
                        lang: str | None = None) -> list[dict[str, Any]]:
    """One report for the whole run: each client's verification findings, clients with errors first."""
    from ..i18n import language

    lang = lang or language()
    report: list[dict[str, Any]] = []
    for c in store.clients(run_id):
        findings = documents.stored_findings(c.set_id) if c.set_id is not None else []
        report.append({"nip": payers[c.payer_id].nip, "name": payers[c.payer_id].short_name, "set_id": c.set_id,
                       "errors": sum(1 for f in findings if f.get("severity") == "error"),
                       "warnings": sum(1 for f in findings if f.get("severity") == "warning"),
                       "findings": [{"rule": f.get("rule"), "severity": f.get("severity"),
                                     "where": " ".join(str(f.get(k)) for k in ("document", "block", "field")
                                                       if f.get(k)),
                                     "message": f.get(f"message_{lang}") or f.get("message", "")}
                                    for f in findings]})
    report.sort(key=lambda r: (-r["errors"], -r["warnings"], r["name"]))
    return report
