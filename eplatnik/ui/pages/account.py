"""Konto — one client's account: dues from accepted declarations month by month, payments, arrears,
interest and overpayment; bank statement import, manual payments, relief drafts, sending a relief
application to ZUS (``ui/relief_send.py``; the decision comes to Korespondencja) and booking an
e-visit with the relief advisor (topic and summary pre-filled)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ...formatting import money
from ..context import UiContext
from ..ops import Op
from ..table import Column, RecordTableModel, make_table, show_records
from .base import Coalesced, Page


class ManualPaymentDialog(QDialog):
    def __init__(self, today: date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enter a payment"))
        form = QFormLayout(self)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("paymentAmount")
        self.amount_edit.setPlaceholderText("1 234,56")
        self.title_edit = QLineEdit()
        form.addRow(self.tr("Date the account was debited"), self.date_edit)
        form.addRow(self.tr("Amount"), self.amount_edit)
        form.addRow(self.tr("Title"), self.title_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[date, str, str]:
        return self.date_edit.date().toPython(), self.amount_edit.text(), self.title_edit.text()


class AccountPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.ledger = None
        self.payer = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Account")))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Client")))
        self.payer_combo = QComboBox()
        self.payer_combo.setObjectName("accountPayer")
        self.payer_combo.setMinimumWidth(320)
        top.addWidget(self.payer_combo)
        top.addStretch(1)
        self.import_button = QPushButton(self.tr("Import a bank statement…"))
        self.import_button.setObjectName("importStatementButton")
        self.add_button = QPushButton(self.tr("Enter a payment…"))
        top.addWidget(self.import_button)
        top.addWidget(self.add_button)
        layout.addLayout(top)

        totals = QGroupBox(self.tr("Balance"))
        grid = QGridLayout(totals)
        self.totals: dict[str, QLabel] = {}
        captions = (("arrears", self.tr("Arrears (after the deadline)")),
                    ("interest", self.tr("Late-payment interest")),
                    ("not_yet_due", self.tr("To pay, deadline not passed yet")),
                    ("overpayment", self.tr("Overpayment")))
        for column, (key, caption) in enumerate(captions):
            value = QLabel("–")
            value.setObjectName(f"account-{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            self.totals[key] = value
            grid.addWidget(value, 0, column)
            grid.addWidget(QLabel(caption), 1, column)
        layout.addWidget(totals)
        self.as_of = QLabel()
        self.as_of.setObjectName("accountAsOf")
        self.as_of.setWordWrap(True)
        layout.addWidget(self.as_of)

        self.months = RecordTableModel([
            Column(self.tr("Period"), lambda m: str(m.period), sort_key=lambda m: m.period),
            Column(self.tr("Deadline"), lambda m: f"{m.dues.deadline:%d.%m.%Y}", sort_key=lambda m: m.dues.deadline),
            Column(self.tr("Declaration"), lambda m: m.dues.number),
            Column(self.tr("Due"), lambda m: money(m.due, "pl"), sort_key=lambda m: m.due, align_right=True),
            Column(self.tr("Paid"), lambda m: money(m.paid_total, "pl"), sort_key=lambda m: m.paid_total,
                   align_right=True),
            Column(self.tr("Balance"), lambda m: money(m.balance, "pl"), sort_key=lambda m: m.balance, align_right=True,
                   foreground=lambda m: "#c62828" if self._late(m) else None),
            Column(self.tr("Interest"), lambda m: money(m.interest, "pl"), sort_key=lambda m: m.interest,
                   align_right=True),
            Column(self.tr("State"), self._state),
        ], key=lambda m: str(m.period))
        self.months_table = make_table(self.months)
        self.months_table.setObjectName("accountMonths")
        self.payments = RecordTableModel([
            Column(self.tr("Date"), lambda p: f"{p.booked_on:%d.%m.%Y}", sort_key=lambda p: p.booked_on),
            Column(self.tr("Amount"), lambda p: money(p.amount, "pl"), sort_key=lambda p: p.amount, align_right=True),
            Column(self.tr("Source"), lambda p: p.source),
            Column(self.tr("Title"), lambda p: p.title),
        ], key=lambda p: p.id)
        self.payments_table = make_table(self.payments)
        self.payments_table.setObjectName("accountPayments")
        tables = QHBoxLayout()
        box = QGroupBox(self.tr("Months: dues from accepted declarations and payments allocated as ZUS does"))
        QVBoxLayout(box).addWidget(self.months_table)
        tables.addWidget(box, 5)
        box = QGroupBox(self.tr("Payments to the NRS"))
        QVBoxLayout(box).addWidget(self.payments_table)
        tables.addWidget(box, 2)
        layout.addLayout(tables, 1)

        relief = QHBoxLayout()
        relief.addWidget(QLabel(self.tr("Relief:")))
        self.instalments_spin = QSpinBox()
        self.instalments_spin.setRange(2, 120)
        self.instalments_spin.setValue(12)
        self.instalments_spin.setSuffix(self.tr(" instalments"))
        self.instalments_button = QPushButton(self.tr("Draft an instalment application…"))
        self.instalments_button.setObjectName("draftInstalments")
        self.deferral_button = QPushButton(self.tr("Draft a deferral application…"))
        self.deferral_button.setObjectName("draftDeferral")
        self.send_button = QPushButton(self.tr("Send the application to ZUS…"))
        self.send_button.setObjectName("sendRelief")
        self.send_button.setToolTip(self.tr("Signs the application drafted from this account and sends it through "
                                            "the gateway; ZUS's decision comes to Correspondence."))
        send_menu = QMenu(self.send_button)
        self.send_instalments = send_menu.addAction(self.tr("Instalments (as many as set on the left)"))
        self.send_deferral = send_menu.addAction(self.tr("Deferral of the deadline"))
        self.send_button.setMenu(send_menu)
        self.visit_button = QPushButton(self.tr("Book an e-visit with the advisor"))
        self.visit_button.setObjectName("bookReliefVisit")
        relief.addWidget(self.instalments_spin)
        # the buttons fold into "Więcej ▾" when the window is narrow (they never widen it)
        from ..widgets.action_bar import ActionBar

        self.relief_actions = ActionBar()
        self.relief_actions.setObjectName("reliefActions")
        for button in (self.instalments_button, self.deferral_button, self.send_button, self.visit_button):
            self.relief_actions.add(button)
        relief.addWidget(self.relief_actions, 1)
        layout.addLayout(relief)
        self.message = QLabel()
        self.message.setObjectName("accountMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.relief_status = QLabel()  # the sending's outcome, with a link to Korespondencja
        self.relief_status.setObjectName("reliefStatus")
        self.relief_status.setWordWrap(True)
        self.relief_status.setTextFormat(Qt.TextFormat.RichText)
        self.relief_status.linkActivated.connect(lambda page: self.ctx.navigate(page))
        self.relief_status.setVisible(False)
        layout.addWidget(self.relief_status)
        from ..relief_send import ReliefSender

        self.relief_sender = ReliefSender(self)
        self.last_draft: Path | None = None

        self.payer_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.import_button.clicked.connect(self.import_statement)
        self.add_button.clicked.connect(self.add_payment)
        self.instalments_button.clicked.connect(lambda: self.draft("instalments"))
        self.deferral_button.clicked.connect(lambda: self.draft("deferral"))
        self.visit_button.clicked.connect(self.book_visit)
        self.send_instalments.triggered.connect(
            lambda: self.relief_sender.start("instalments", self.instalments_spin.value()))
        self.send_deferral.triggered.connect(lambda: self.relief_sender.start("deferral", 0))
        self._reload = Coalesced(self, self.load)  # several topics of one change: one reload
        ctx.bridge.event.connect(self._on_event)

    # -- display -----------------------------------------------------------------------------------
    def _late(self, month) -> bool:
        return self.ledger is not None and month.balance > 0 and month.dues.deadline < self.ledger.today

    def _state(self, month) -> str:
        if month.balance <= 0:
            return self.tr("paid")
        if self._late(month):
            return self.tr("arrears, {n} days").format(n=month.days_late(self.ledger.today))
        return self.tr("to pay by the deadline")

    def activate(self, **kwargs: object) -> None:
        wanted = kwargs.get("payer_id")

        def done(payers: list) -> None:
            current = wanted or self.payer_combo.currentData()
            self.payer_combo.blockSignals(True)
            self.payer_combo.clear()
            for payer in payers:
                self.payer_combo.addItem(f"{payer.short_name} ({payer.nip})", payer.id)
            index = self.payer_combo.findData(current)
            self.payer_combo.setCurrentIndex(max(0, index))
            self.payer_combo.blockSignals(False)
            self.load()

        Op(self, self.app.register.list_payers).success(done).run()

    def load(self) -> None:
        payer_id = self.payer_combo.currentData()
        if payer_id is None:
            return
        account = self.app.account

        def work():
            ledger = account.ledger(payer_id)
            return (self.app.register.get_payer(payer_id), ledger,
                    account.transactions(payer_id=payer_id, status="matched"))

        Op(self, work).success(self._show).run()

    def _show(self, result) -> None:
        self.payer, self.ledger, payments = result
        ledger = self.ledger
        for key in self.totals:
            value = getattr(ledger, key)
            self.totals[key].setText(money(value, "pl") + " zł")
        self.totals["arrears"].setStyleSheet("color: #c62828;" if ledger.arrears > 0 else "")
        self.as_of.setText(self.tr("As of {day}. Interest is counted to today; ZUS does not charge it for a month "
                                   "when it does not exceed 1% of the minimum wage.").format(
            day=f"{ledger.today:%d.%m.%Y}"))
        # the same client again (another seat's change): in place, the selection and scroll kept
        show_records(self.months_table, ledger.months, context=self.payer.id if self.payer else None)
        show_records(self.payments_table, payments, context=self.payer.id if self.payer else None)
        has_arrears = ledger.arrears > 0
        self.instalments_button.setEnabled(has_arrears)
        self.send_instalments.setEnabled(has_arrears)
        self.send_deferral.setEnabled(ledger.not_yet_due > 0)
        self.send_button.setEnabled(has_arrears or ledger.not_yet_due > 0)
        self.visit_button.setEnabled(ledger.arrears > 0 or ledger.not_yet_due > 0)

    def _on_event(self, topic: str, _payload: dict) -> None:
        if topic in ("account.changed", "documents.changed") and self.isVisible():
            self._reload()

    # -- actions -----------------------------------------------------------------------------------
    def import_statement(self) -> None:
        kinds = self.tr("Bank statements (*.sta *.mt940 *.txt *.xml *.csv);;All files (*)")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Bank statement"), "", kinds)
        if path:
            self.open_statement(Path(path))

    def open_statement(self, path: Path) -> None:
        from ..dialogs.statement_dialog import StatementDialog

        dialog = StatementDialog(self.app, path, self)
        dialog.open()
        dialog.finished.connect(lambda _r: self.load())
        self.statement_dialog = dialog

    def add_payment(self) -> None:
        if self.payer is None:
            return
        dialog = ManualPaymentDialog(self.app.clock.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        booked, amount, title = dialog.values()
        nip = self.payer.nip
        Op(self, lambda: self.app.account.add_manual(nip, booked, amount, title)).success(
            lambda _tx: self.load()).run()

    def draft(self, kind: str) -> None:
        if self.payer is None:
            return
        name = f"{'raty' if kind == 'instalments' else 'odroczenie'}-{self.payer.nip}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the application draft"),
                                              str(self.app.basedir / name), self.tr("PDF (*.pdf)"))
        if path:
            self.write_draft(kind, Path(path))

    def write_draft(self, kind: str, path: Path, then=None) -> None:
        from ...fsutil import atomic_write_bytes
        from ...i18n import language
        from ...reports.relief_pdf import render_relief_pdf

        nip, count = self.payer.nip, self.instalments_spin.value()
        relief = self.app.relief

        def work():
            draft = relief.draft(nip, kind, instalments=count)
            atomic_write_bytes(path, render_relief_pdf(draft, language()))
            return draft

        def done(draft) -> None:
            self.last_draft = path
            self.message.setText(self.tr("Saved the draft ({form}, {n} months, {total} zł): {path}").format(
                form=draft.form, n=len(draft.arrears), total=money(draft.total, "pl"), path=str(path)))
            if then is not None:
                then(draft)

        Op(self, work).success(done).failure(lambda exc: self.message.setText(exc.render())).run()

    def book_visit(self) -> None:
        """The e-visit with the relief advisor: topic raty (arrears) or odroczenie (only dues not yet due),
        the account's summary in the note, and the application draft linked from the checklist."""
        if self.payer is None or self.ledger is None:
            return
        kind = "instalments" if self.ledger.arrears > 0 else "deferral"
        topic = "raty" if kind == "instalments" else "odroczenie"
        path = self.app.basedir / "relief" / f"{topic}-{self.payer.nip}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        payer = self.payer

        def go(draft) -> None:
            months = ", ".join(f"{m.period} {money(m.principal, 'pl')} zł" for m in draft.arrears)
            note = self.tr("Arrears {total} zł (contributions {principal} zł, interest {interest} zł): {months}. "
                           "Application draft: {path}").format(
                total=money(draft.total, "pl"), principal=money(draft.total_principal, "pl"),
                interest=money(draft.total_interest, "pl"), months=months, path=str(path))
            self.ctx.navigate("visits", topic=topic, payer_id=payer.id, note=note, attachment=str(path))

        self.write_draft(kind, path, then=go)


def create_page(ctx: UiContext) -> Page:
    return AccountPage(ctx)
