"""Pulpit — what to do next: per client the set of its current period (state, amount, deadline and
days left) and a button for the next step, missed deadlines first in red; expiring authorisations
and signing certificates.

The next step comes from the core (``forms.lifecycle.next_step`` through ``dashboard.DashboardService``);
this page only names it and takes the person to the page that does it (``ctx.navigate``).

The page is the first screen. Its layout is in the first frame; the table (a Python item model,
whose header makes PySide6 build the whole ``Qt`` enum namespace) and the background operation
helper are set up when the page is activated, right after that frame is on screen.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout

from ...formatting import date_text
from ...formatting import money as format_money
from ...settings import EXPIRY_WARNING_DAYS
from ..context import UiContext
from .base import Coalesced, Page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from ...dashboard import DashboardData, DeadlineRow
    from ..table import RecordTableModel

RED, RED_BG, ORANGE, GREEN, GREEN_BG = "#c62828", "#ffebee", "#e65100", "#1b5e20", "#e8f5e9"
BANNER_STYLES = {
    "missed": f"QLabel {{ background: {RED_BG}; color: {RED}; border: 1px solid {RED}; }}",
    "done": f"QLabel {{ background: {GREEN_BG}; color: {GREEN}; border: 1px solid {GREEN}; }}",
    "work": "QLabel { background: #e3f2fd; color: #0d47a1; border: 1px solid #90caf9; }",
}


def day(value: date) -> str:
    return date_text(value)  # the program's one formatter (formatting.py)


def money(value: Decimal | None) -> str:
    return format_money(value, unit=True, blank="—")


class Card(QFrame):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        layout.addWidget(self.value)
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)


class DashboardPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Dashboard")))
        self.period_label = QLabel()
        layout.addWidget(self.period_label)
        self.params_label = QLabel()  # next/this year's contribution figures missing or not final
        self.params_label.setObjectName("paramsWarning")
        self.params_label.setWordWrap(True)
        self.params_label.setStyleSheet("background: #fff3e0; color: #8a4b00; border: 1px solid #ffb74d; "
                                        "border-radius: 3px; padding: 4px;")
        self.params_label.hide()
        layout.addWidget(self.params_label)
        self.banner = QLabel()
        self.banner.setObjectName("dashboardBanner")
        self.banner.setWordWrap(True)
        self.banner.setMargin(8)
        font = self.banner.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.banner.setFont(font)
        self.banner.hide()
        layout.addWidget(self.banner)
        cards = QGridLayout()
        self.clients_card = Card(self.tr("clients"))
        self.todo_card = Card(self.tr("to do now"))
        self.missed_card = Card(self.tr("missed deadlines"))
        self.done_card = Card(self.tr("sent and accepted"))
        self.expiring_card = Card(self.tr("authorisations and certificates expiring"))
        self.letters_card = Card(self.tr("letters from ZUS not opened"))
        self.letters_card.setObjectName("lettersCard")
        for i, card in enumerate((self.clients_card, self.todo_card, self.missed_card, self.done_card,
                                  self.expiring_card, self.letters_card)):
            cards.addWidget(card, 0, i)
        layout.addLayout(cards)

        self.deadlines = QGroupBox(self.tr("What to do next — each client's declarations and payment"))
        self.deadlines_layout = QVBoxLayout(self.deadlines)
        self.hint = QLabel(self.tr("The button in the last column takes you to the next step: create, fix errors, "
                                   "sign, send or view the receipt. Missed deadlines come first, in red."))
        self.hint.setWordWrap(True)
        self.deadlines_layout.addWidget(self.hint)
        self.model: RecordTableModel | None = None
        self.table: QTableView | None = None
        layout.addWidget(self.deadlines, 1)
        expiring = QGroupBox(self.tr("Expiring soon: authorisations and signing certificates"))
        el = QVBoxLayout(expiring)
        el.setContentsMargins(8, 4, 8, 4)
        self.expiring_label = QLabel()
        self.expiring_label.setObjectName("expiringText")
        self.expiring_label.setWordWrap(True)
        el.addWidget(self.expiring_label)
        layout.addWidget(expiring)
        self._last: DashboardData | None = None
        self._certificates = []
        self._reload = Coalesced(self, self.activate)  # several topics of one change: one reload
        ctx.bridge.event.connect(self._on_event)

    def _on_event(self, topic: str, _payload: object) -> None:
        if topic in ("register.changed", "documents.changed", "gateway.submission", "account.changed",
                     "letters.changed") and self.isVisible():
            self._reload()

    # -- texts ------------------------------------------------------------------------------------
    def _sandbox(self, row: DeadlineRow) -> bool:
        return bool(row.submission_id) and row.gateway_profile != "production"

    def state_text(self, row: DeadlineRow) -> str:
        from ...month.status import PeriodState

        text = PeriodState(row.state).label.render()
        if row.state in ("accepted", "rejected") and self._sandbox(row):
            text = self.tr("{state} (sandbox test)").format(state=text)
        if row.errors and row.state in ("draft", "none"):
            text = self.tr("{state}, errors: {n}").format(state=text, n=row.errors)
        if row.correction_of:
            text = self.tr("correction {number}: {state}").format(number=row.number, state=text)
        return text

    def step_text(self, row: DeadlineRow) -> str:
        from ...forms.lifecycle import NextStep

        if row.next_step == NextStep.RECEIPT and self._sandbox(row):
            return self.tr("View test receipt")
        return row.next_step.label.render()

    def days_text(self, row: DeadlineRow) -> str:
        n = row.days_left
        if row.overdue:
            return self.tr("missed yesterday") if n == -1 else self.tr("missed {n} days ago").format(n=-n)
        if row.delivered:
            return ""
        if n == 0:
            return self.tr("today")
        if n == 1:
            return self.tr("tomorrow")
        if n < 0:
            return self.tr("{n} days ago").format(n=-n)
        return self.tr("in {n} days").format(n=n)

    def deadline_text(self, row: DeadlineRow) -> str:
        days = self.days_text(row)
        return f"{day(row.deadline)} ({days})" if days else day(row.deadline)

    @staticmethod
    def client_text(row: DeadlineRow) -> str:
        return f"{row.payer.short_name}\n{row.payer.payer_type.label.render()}"

    def _row_background(self, row: DeadlineRow) -> str | None:
        if row.overdue:
            return RED_BG
        if row.done:
            return GREEN_BG
        return None

    def _row_foreground(self, row: DeadlineRow) -> str | None:
        if row.overdue:
            return RED
        if not row.done and 0 <= row.days_left <= 3:
            return ORANGE
        return None

    # -- table ------------------------------------------------------------------------------------
    def _build_table(self) -> None:
        from PySide6.QtWidgets import QHeaderView

        from ..table import Column, RecordTableModel, make_table
        from ..widgets.step_button import StepButtonDelegate

        bg, fg = self._row_background, self._row_foreground
        self.model = RecordTableModel([
            Column(self.tr("Client / payer type"), self.client_text,
                   sort_key=lambda r: r.payer.short_name, background=bg, foreground=fg,
                   tooltip=lambda r: f"NIP {r.payer.nip}"),
            Column(self.tr("Period and state"), lambda r: f"{r.period.month:02d}.{r.period.year}: {self.state_text(r)}",
                   sort_key=lambda r: (r.period, r.state), background=bg, foreground=fg),
            Column(self.tr("To pay"), lambda r: money(r.to_pay), sort_key=lambda r: r.to_pay or Decimal(0),
                   align_right=True, background=bg, foreground=fg),
            Column(self.tr("Arrears"), lambda r: format_money(r.arrears, "pl") if r.arrears > 0 else "—",
                   sort_key=lambda r: r.arrears, align_right=True, background=bg,
                   foreground=lambda r: RED if r.arrears > 0 else fg(r),
                   tooltip=lambda r: self.tr("Late-payment interest: {amount} zł").format(
                       amount=format_money(r.interest, "pl")) if r.interest > 0 else None),
            Column(self.tr("Deadline"), self.deadline_text, sort_key=lambda r: r.deadline, background=bg,
                   foreground=fg),
            Column(self.tr("Letters from ZUS"), lambda r: self._unread_of(r), align_right=True, background=bg,
                   sort_key=lambda r: self._last.unread_letters.get(r.payer.nip, 0) if self._last else 0,
                   foreground=lambda r: "#0d47a1"),
            Column(self.tr("Next step"), self.step_text, sort_key=lambda r: str(r.next_step), background=bg),
        ], haystack=lambda r: f"{r.payer.short_name} {r.payer.nip}", key=lambda r: (r.payer.id, str(r.period)))
        self.table = make_table(self.model)
        self.table.setObjectName("deadlinesTable")
        self.table.setSortingEnabled(False)  # the order is the point: missed first, then by deadline
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setWordWrap(True)
        self.step_delegate = StepButtonDelegate(self.go_next, self.table,
                                                highlight=lambda r: r.overdue or not r.done)
        self.table.setItemDelegateForColumn(len(self.model.columns) - 1, self.step_delegate)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.go_next(index.data(self._record_role())))
        self.deadlines_layout.addWidget(self.table, 1)

    def _unread_of(self, row: DeadlineRow) -> str:
        n = self._last.unread_letters.get(row.payer.nip, 0) if self._last is not None else 0
        return self.tr("{n} to open").format(n=n) if n else ""

    @staticmethod
    def _record_role() -> int:
        from ..table import RecordRole

        return RecordRole

    def _fit_columns(self) -> None:
        from PySide6.QtWidgets import QHeaderView

        header = self.table.horizontalHeader()
        for column in range(1, len(self.model.columns)):
            self.table.resizeColumnToContents(column)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # -- loading ----------------------------------------------------------------------------------
    def activate(self, **kwargs: object) -> None:
        from ..ops import Op

        if self.table is None:
            self._build_table()
        Op(self, lambda: self.app.dashboard.load(with_certificates=False)).success(self._show).run()
        # signing certificates come from the signing stack, slow to import: a moment after the rest
        QTimer.singleShot(1500, self, self._load_certificates)

    def _load_certificates(self) -> None:
        from ..ops import Op

        signing = self.app.signing
        warn_days = self.app.settings.get(EXPIRY_WARNING_DAYS)

        def done(certificates: list) -> None:
            self._certificates = certificates
            if self._last is not None:
                self._show(self._last)

        Op(self, lambda: signing.expiring_certificates(warn_days)).success(done).failure(lambda _e: None).run()

    def _show(self, data: DashboardData) -> None:
        self._last = data
        certificates = data.certificates or self._certificates
        self.period_label.setText(self.tr("Today is {today}.").format(today=day(data.today)))
        self.params_label.setText("⚠ " + data.params_warning.render() if data.params_warning else "")
        self.params_label.setVisible(data.params_warning is not None)
        self._show_banner(data)
        self.clients_card.value.setText(str(data.summary.payers))
        # the cards' words agree with their numbers: 1 klient, 2 klienci, 5 klientów
        self.clients_card.title.setText(self.tr("clients (insured persons: {n})", "client (insured persons: {n})",
                                                data.summary.payers).format(n=data.summary.insured))
        self.todo_card.value.setText(str(len(data.to_do)))
        self.missed_card.value.setText(str(len(data.missed)))
        self.missed_card.title.setText(self.tr("missed deadlines", "missed deadline", len(data.missed)))
        self.missed_card.value.setStyleSheet(f"color: {RED};" if data.missed else "")
        self.done_card.value.setText(str(sum(1 for r in data.deadlines if r.done)))
        self.done_card.value.setStyleSheet(f"color: {GREEN};" if data.all_done else "")
        self.expiring_card.value.setStyleSheet(f"color: {ORANGE};" if data.expiring or certificates else "")
        self.letters_card.value.setText(str(data.unread_total))
        self.letters_card.title.setText(self.tr("letters from ZUS not opened", "letter from ZUS not opened",
                                                data.unread_total))
        self.letters_card.value.setStyleSheet("color: #0d47a1;" if data.unread_total else "")
        from ..table import show_records

        # another seat's change: the list refreshes in place (the row chosen and the scroll kept)
        if not show_records(self.table, data.deadlines, fit=False):
            self._fit_columns()
        lines = [self.tr("{payer}: {who}, until {date} ({days})").format(
            payer=a.payer_name, who=a.accountant_name, date=day(a.valid_to),  # type: ignore[arg-type]
            days=self.tr("%n days", "%n day", (a.valid_to - data.today).days))  # type: ignore[operator]
            for a in data.expiring]
        lines += [self.tr("Signing certificate of {owner} expires on {date}.").format(
            owner=c.owner, date=day(c.not_after.date())) for c in certificates]
        expiring = len(data.expiring) + len(certificates)
        self.expiring_card.value.setText(str(expiring))
        self.expiring_card.title.setText(self.tr("authorisations and certificates expiring",
                                                 "authorisation or certificate expiring", expiring))
        if lines:
            self.expiring_label.setText("\n".join(lines))
            self.expiring_label.setStyleSheet(f"color: {ORANGE};")
        else:
            self.expiring_label.setText(self.tr("No authorisation or signing certificate expires within {n} "
                                                "days.").format(n=data.warn_days))
            self.expiring_label.setStyleSheet("")

    def _show_banner(self, data: DashboardData) -> None:
        if not data.deadlines:
            self.banner.hide()
            return
        if data.missed:
            first = data.missed[0]
            text = self.tr("Missed deadlines: {n}. Send them as soon as possible — the oldest: {client}, "
                           "period {period}, deadline was {date}.").format(
                n=len(data.missed), client=first.payer.short_name,
                period=f"{first.period.month:02d}.{first.period.year}", date=day(first.deadline))
            kind = "missed"
        elif data.all_done:
            periods = sorted({f"{r.period.month:02d}.{r.period.year}" for r in data.deadlines})
            sandbox = any(self._sandbox(r) for r in data.deadlines)
            text = (self.tr("All done: every client's declarations for {periods} were sent and accepted by the "
                            "sandbox (a test — nothing reached ZUS).") if sandbox else
                    self.tr("All done: every client's declarations for {periods} were sent and accepted by "
                            "ZUS.")).format(periods=", ".join(periods))
            kind = "done"
        else:
            upcoming = data.next_deadline
            text = self.tr("Clients with work to do: {n}. Nearest deadline: {date} ({client}).").format(
                n=len(data.to_do), date=day(upcoming.deadline) if upcoming else "—",
                client=upcoming.payer.short_name if upcoming else "—")
            kind = "work"
        self.banner.setText(text)
        self.banner.setStyleSheet(BANNER_STYLES[kind])
        self.banner.setProperty("kind", kind)
        self.banner.show()

    # -- the next step ----------------------------------------------------------------------------
    def go_next(self, row: DeadlineRow | None) -> None:
        """Take the person to where the row's next step is done."""
        from ...forms.lifecycle import NextStep

        if row is None:
            return
        step = row.next_step
        if step == NextStep.CREATE:
            self.ctx.navigate("documents", payer_id=row.payer.id, period=str(row.period), action="build")
        elif step in (NextStep.WAIT, NextStep.RECEIPT):
            self.ctx.navigate("submissions", search=row.reference or row.payer.nip,
                              submission_id=row.submission_id)
        else:
            self.ctx.navigate("documents", payer_id=row.payer.id, set_id=row.set_id, period=str(row.period),
                              action=str(step))


def create_page(ctx: UiContext) -> Page:
    return DashboardPage(ctx)
