"""After a run: the office summary (what was sent, what was rejected and why) and the verification
report grouped by client. Rows are read from the run and from the documents/outbox tables."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import t
from .store import MonthStore

if TYPE_CHECKING:
    from ..app import App

STEP_LABELS = {
    "pending": t("nierozpoczęty", "not started"), "built": t("przygotowany", "built"),
    "verified": t("zweryfikowany", "verified"), "signed": t("podpisany", "signed"),
    "submitted": t("wysłany, czeka na UPO", "sent, awaiting receipt"), "accepted": t("przyjęty", "accepted"),
    "rejected": t("odrzucony", "rejected"), "failed": t("błąd", "failed"),
}
PHASE_NAMES = {"build": t("przygotowanie", "build"), "verify": t("weryfikacja", "verification"),
               "sign": t("podpis", "signing"), "submit": t("wysyłka", "sending"),
               "receipts": t("potwierdzenie", "receipt")}


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
    def total_to_pay(self) -> Decimal:
        return sum((r.to_pay for r in self.rows if r.to_pay is not None and r.step == "accepted"), Decimal("0.00"))


def office_summary(app: App, run_id: int, lang: str | None = None) -> OfficeSummary:
    from ..i18n import language
    from .run import MonthRunner

    lang = lang or language()
    runner = MonthRunner(app)
    run = runner.get(run_id)
    store = MonthStore(app.db, app.clock)
    period_rows = store.period_rows(run.period)
    payers = {p.id: p for p in app.register.list_payers(include_archived=True)}
    rows = []
    for c in store.clients(run_id):
        payer = payers[c.payer_id]
        info = period_rows.get(c.payer_id, {})
        same_set = info.get("set_id") == c.set_id
        rows.append(SummaryRow(
            payer_id=c.payer_id, nip=payer.nip, name=payer.short_name, step=c.step,
            step_label=STEP_LABELS[c.step].render(lang), set_id=c.set_id,
            to_pay=Decimal(info["to_pay"]) if same_set and info.get("to_pay") is not None else None,
            reference=(info.get("reference") or "") if same_set else "", warnings=c.warnings, errors=c.errors,
            changes=[ch.get(lang) or ch.get("pl", "") for ch in c.changes],
            failed_at=PHASE_NAMES[c.failed_step].render(lang) if c.failed_step in PHASE_NAMES else "",
            reason=c.error_text(lang), actor=c.actor))
    return OfficeSummary(run.id, run.period, run.actor, run.state, run.created_at, rows)


CSV_HEADER = {
    "pl": ["NIP", "Klient", "Stan", "Do zapłaty", "Numer referencyjny", "Ostrzeżenia", "Błędy",
           "Etap błędu", "Przyczyna", "Zmiany wobec poprzedniego okresu", "Wykonał(a)"],
    "en": ["NIP", "Client", "State", "To pay", "Reference", "Warnings", "Errors", "Failed at", "Reason",
           "Changes against the previous period", "Done by"],
}


def summary_csv(summary: OfficeSummary, lang: str = "pl") -> bytes:
    """CSV (UTF-8 with BOM and ';' so that a Polish spreadsheet opens it as columns)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER["pl" if lang == "pl" else "en"])
    for r in summary.rows:
        amount = "" if r.to_pay is None else f"{r.to_pay:.2f}"
        amount = amount.replace(".", ",") if lang == "pl" else amount
        writer.writerow([r.nip, r.name, r.step_label, amount, r.reference, r.warnings, r.errors, r.failed_at,
                         r.reason, " | ".join(r.changes), r.actor])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def verification_report(app: App, run_id: int, lang: str | None = None) -> list[dict[str, Any]]:
    """One report for the whole run: each client's verification findings, clients with errors first."""
    from ..i18n import language

    lang = lang or language()
    store = MonthStore(app.db, app.clock)
    payers = {p.id: p for p in app.register.list_payers(include_archived=True)}
    report = []
    for c in store.clients(run_id):
        findings = app.documents.stored_findings(c.set_id) if c.set_id is not None else []
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
