"""Pulpit — clients, this period's deadlines per client, expiring authorisations.

The page is the first screen. Its layout is in the first frame; the deadlines table (a Python item
model, whose header makes PySide6 build the whole ``Qt`` enum namespace) and the background
operation helper are set up when the page is activated, right after that frame is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from ...account.money import pl_amount
from ...dashboard import DashboardData, DeadlineRow, load_dashboard
from ...settings import EXPIRY_WARNING_DAYS
from ..context import UiContext
from .base import Page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from ..table import RecordTableModel


class Card(QFrame):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        layout.addWidget(self.value)
        layout.addWidget(QLabel(title))


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
        cards = QGridLayout()
        self.clients_card = Card(self.tr("clients (payers)"))
        self.insured_card = Card(self.tr("insured persons"))
        self.soon_card = Card(self.tr("deadlines within 7 days"))
        self.expiring_card = Card(self.tr("authorisations and certificates expiring"))
        for i, card in enumerate((self.clients_card, self.insured_card, self.soon_card, self.expiring_card)):
            cards.addWidget(card, 0, i)
        layout.addLayout(cards)

        self.deadlines = QGroupBox(self.tr("Upcoming deadlines (DRA/RCA/RSA and payment)"))
        self.deadlines_layout = QVBoxLayout(self.deadlines)
        self.model: RecordTableModel | None = None
        self.table: QTableView | None = None
        expiring = QGroupBox(self.tr("Expiring soon: authorisations and signing certificates"))
        el = QVBoxLayout(expiring)
        self.expiring_label = QLabel()
        self.expiring_label.setObjectName("expiringText")
        self.expiring_label.setWordWrap(True)
        el.addWidget(self.expiring_label)
        el.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.deadlines, 3)
        row.addWidget(expiring, 1)
        layout.addLayout(row, 1)
        self._last: DashboardData | None = None
        self._certificates = []
        ctx.bridge.event.connect(lambda topic, _p: self.activate() if topic in ("register.changed",
                                 "account.changed") and self.isVisible() else None)

    def _build_table(self) -> None:
        from ..table import Column, RecordTableModel, make_table

        self.model = RecordTableModel([
            Column(self.tr("Client"), lambda r: r.payer.short_name),
            Column(self.tr("NIP"), lambda r: r.payer.nip),
            Column(self.tr("Period"), lambda r: str(r.period)),
            Column(self.tr("Deadline"), lambda r: r.deadline.isoformat(), sort_key=lambda r: r.deadline),
            Column(self.tr("Days left"), lambda r: self._days_text(r), sort_key=lambda r: r.days_left,
                   align_right=True,
                   foreground=lambda r: "#c62828" if r.overdue else ("#e65100" if r.days_left <= 3 else None)),
            Column(self.tr("Arrears"), lambda r: pl_amount(r.arrears) if r.arrears > 0 else "—",
                   sort_key=lambda r: r.arrears, align_right=True,
                   foreground=lambda r: "#c62828" if r.arrears > 0 else None,
                   tooltip=lambda r: self.tr("Late-payment interest: {amount} zł").format(
                       amount=pl_amount(r.interest)) if r.interest > 0 else None),
            Column(self.tr("Insured"), lambda r: r.insured_count, align_right=True),
            Column(self.tr("Payer type"), lambda r: r.payer.payer_type.label.render()),
        ], haystack=lambda r: f"{r.payer.short_name} {r.payer.nip}")
        self.table = make_table(self.model)
        self.table.setObjectName("deadlinesTable")
        self.table.doubleClicked.connect(self._open_payer)
        self.deadlines_layout.addWidget(self.table)

    def _days_text(self, row: DeadlineRow) -> str:
        if row.overdue:
            return self.tr("{n} days ago").format(n=-row.days_left)
        if row.days_left == 0:
            return self.tr("today")
        return str(row.days_left)

    def activate(self, **kwargs: object) -> None:
        from ..ops import Op

        if self.table is None:
            self._build_table()
        Op(self, lambda: load_dashboard(self.app, with_certificates=False)).success(self._show).run()
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
        text = self.tr("Today is {today}. Below: each client's nearest deadline for monthly documents and payment.")
        self.period_label.setText(text.format(today=data.today.isoformat()))
        self.params_label.setText("⚠ " + data.params_warning.render() if data.params_warning else "")
        self.params_label.setVisible(data.params_warning is not None)
        self.clients_card.value.setText(str(data.summary.payers))
        self.insured_card.value.setText(str(data.summary.insured))
        self.soon_card.value.setText(str(sum(1 for r in data.deadlines if 0 <= r.days_left <= 7)))
        self.expiring_card.value.setStyleSheet("color: #e65100;" if data.expiring or certificates else "")
        self.model.set_records(data.deadlines)
        self.table.resizeColumnsToContents()
        lines = [self.tr("{payer}: {who}, until {date} ({n} days)").format(
            payer=a.payer_name, who=a.accountant_name, date=a.valid_to.isoformat(),  # type: ignore[union-attr]
            n=(a.valid_to - data.today).days) for a in data.expiring]  # type: ignore[operator]
        lines += [self.tr("Signing certificate of {owner} expires on {date}.").format(
            owner=c.owner, date=c.not_after.date().isoformat()) for c in certificates]
        self.expiring_card.value.setText(str(len(data.expiring) + len(certificates)))
        if lines:
            self.expiring_label.setText("\n".join(lines))
            self.expiring_label.setStyleSheet("color: #e65100;")
        else:
            self.expiring_label.setText(self.tr("No authorisation or signing certificate expires within {n} "
                                                "days.").format(n=data.warn_days))
            self.expiring_label.setStyleSheet("")

    def _open_payer(self, index) -> None:
        from ..table import RecordRole

        row = index.data(RecordRole)
        if row is not None:
            self.ctx.navigate("insured", payer_id=row.payer.id)


def create_page(ctx: UiContext) -> Page:
    return DashboardPage(ctx)
