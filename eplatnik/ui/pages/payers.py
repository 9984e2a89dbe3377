"""Płatnicy — the payers register (client firms) with instant search, and their authorisations."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...formatting import date_text
from ...register.models import Accountant, Authorisation, AuthorisationScope, Payer
from ...settings import EXPIRY_WARNING_DAYS
from ..context import UiContext
from ..dialogs.payer_dialog import PayerDialog
from ..ops import Op
from ..table import Column, RecordRole, RecordTableModel, make_table, show_records
from ..widgets.action_bar import ActionBar
from .base import Page
from .payer_history import PayerHistoryTab


def payer_haystack(p: Payer) -> str:
    return f"{p.short_name} {p.full_name} {p.nip} {p.regon} {p.pesel} {p.city}"


class PayersPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Payers")))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)

        # -- payers tab
        payers_tab = QWidget()
        tab_layout = QVBoxLayout(payers_tab)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("payerSearch")
        self.search.setPlaceholderText(self.tr("Search by name, NIP or REGON…"))
        self.search.setClearButtonEnabled(True)
        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.actions = ActionBar()
        self.actions.setObjectName("payersActions")
        self.add_button = self.actions.add_button(self.tr("Add payer…"), "addPayer")
        self.edit_button = self.actions.add_button(self.tr("Edit…"))
        self.archive_button = self.actions.add_button(self.tr("Archive"))
        self.history_button = self.actions.add_button(self.tr("Change history"))
        self.search.setMinimumWidth(160)
        self.search.setMaximumWidth(440)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_archived)
        bar.addWidget(self.actions, 1)
        tab_layout.addLayout(bar)
        self.model = RecordTableModel([
            Column(self.tr("Short name"), lambda p: p.short_name),
            Column(self.tr("NIP"), lambda p: p.nip),
            Column(self.tr("REGON"), lambda p: p.regon),
            Column(self.tr("Type"), lambda p: p.payer_type.label.render()),
            Column(self.tr("City"), lambda p: p.city),
            Column(self.tr("E-mail"), lambda p: p.email),
            Column(self.tr("Status"), lambda p: self.tr("archived") if p.archived else self.tr("in use"),
                   foreground=lambda p: "#888888" if p.archived else None),
            Column(self.tr("Full name"), lambda p: p.full_name),
        ], haystack=payer_haystack, key=lambda p: p.id)
        self.table = make_table(self.model)
        self.table.setObjectName("payersTable")
        self.count_label = QLabel()
        tab_layout.addWidget(self.table, 1)
        tab_layout.addWidget(self.count_label)
        self.tabs.addTab(payers_tab, self.tr("Payers"))

        # -- authorisations tab
        auth_tab = QWidget()
        auth_layout = QVBoxLayout(auth_tab)
        auth_bar = QHBoxLayout()
        self.auth_add = QPushButton(self.tr("Add authorisation…"))
        self.auth_revoke = QPushButton(self.tr("Revoke"))
        explain = QLabel(self.tr("Who may act for which payer (ZUS-PEL). Expiring ones are highlighted."))
        explain.setWordWrap(True)
        auth_bar.addWidget(explain, 1)
        auth_bar.addWidget(self.auth_add)
        auth_bar.addWidget(self.auth_revoke)
        auth_layout.addLayout(auth_bar)
        today = ctx.app.clock.today
        warn_days = ctx.app.settings.get(EXPIRY_WARNING_DAYS)
        self.auth_model = RecordTableModel([
            Column(self.tr("Payer"), lambda a: a.payer_name),
            Column(self.tr("NIP"), lambda a: a.payer_nip),
            Column(self.tr("Accountant"), lambda a: a.accountant_name),
            Column(self.tr("Scope"), lambda a: a.scope.label.render()),
            Column(self.tr("Valid from"), lambda a: date_text(a.valid_from), sort_key=lambda a: a.valid_from),
            Column(self.tr("Valid to"), lambda a: date_text(a.valid_to) if a.valid_to else self.tr("indefinite"),
                   sort_key=lambda a: a.valid_to or date.max),
            Column(self.tr("State"), lambda a: self._auth_state(a, today(), warn_days),
                   background=lambda a: "#ffe0b2" if a.expires_within(today(), warn_days) else
                   ("#eeeeee" if not a.active_on(today()) else None)),
            Column(self.tr("Reference"), lambda a: a.reference),
        ], haystack=lambda a: f"{a.payer_name} {a.payer_nip} {a.accountant_name}", key=lambda a: a.id)
        self.auth_table = make_table(self.auth_model)
        self.auth_table.setObjectName("authorisationsTable")
        auth_layout.addWidget(self.auth_table, 1)
        self.tabs.addTab(auth_tab, self.tr("Authorisations"))
        self.history = PayerHistoryTab(ctx, self.selected_payer)  # who did what for the selected payer
        self.tabs.addTab(self.history, self.tr("Change history"))

        self.search.textChanged.connect(self._filter)
        self.show_archived.toggled.connect(lambda _: self.reload())
        self.add_button.clicked.connect(self.add_payer)
        self.edit_button.clicked.connect(self.edit_payer)
        self.archive_button.clicked.connect(self.toggle_archive)
        self.history_button.clicked.connect(lambda: self.tabs.setCurrentWidget(self.history))
        self.table.doubleClicked.connect(lambda _: self.edit_payer())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.auth_add.clicked.connect(self.add_authorisation)
        self.auth_revoke.clicked.connect(self.revoke_authorisation)
        ctx.bridge.event.connect(self._on_event)
        self._loading = False
        self._update_buttons()

    def _auth_state(self, a: Authorisation, today: date, warn_days: int) -> str:
        if a.revoked:
            return self.tr("revoked")
        if not a.active_on(today):
            return self.tr("not active")
        if a.expires_within(today, warn_days):
            return self.tr("expires in %n days", "expires in %n day", (a.valid_to - today).days)  # type: ignore[operator]
        return self.tr("active")

    # -- data -----------------------------------------------------------------------------------
    def activate(self, **kwargs: object) -> None:
        self.reload()
        if "search" in kwargs:
            self.search.setText(str(kwargs["search"]))

    def reload(self) -> None:
        if self._loading:
            return
        self._loading = True
        include_archived = self.show_archived.isChecked()
        reg = self.app.register

        def load() -> tuple[list[Payer], list[Authorisation]]:
            return reg.list_payers(include_archived=include_archived), reg.list_authorisations()

        def done(result: tuple[list[Payer], list[Authorisation]]) -> None:
            payers, auths = result
            # another seat's change: the lists refresh in place (selection, scroll, sorting kept)
            show_records(self.table, payers)
            show_records(self.auth_table, auths)
            self._filter(self.search.text())

        Op(self, load).success(done).finally_(self._loaded).run()

    def _loaded(self) -> None:
        self._loading = False

    def _on_event(self, topic: str, payload: dict) -> None:
        if topic == "register.changed" and self.isVisible():
            self.reload()

    def _filter(self, text: str) -> None:
        self.model.set_query(text)
        self.count_label.setText(self.tr("Shown: {shown} of {total}").format(
            shown=self.model.rowCount(), total=self.model.total_count()))
        self._update_buttons()

    def selected_payer(self) -> Payer | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def _update_buttons(self) -> None:
        payer = self.selected_payer()
        self.edit_button.setEnabled(payer is not None)
        self.archive_button.setEnabled(payer is not None)
        self.history_button.setEnabled(payer is not None)
        self.archive_button.setText(self.tr("Restore") if payer and payer.archived else self.tr("Archive"))

    # -- actions --------------------------------------------------------------------------------
    def add_payer(self) -> None:
        dialog = PayerDialog(self.app, None, self)
        dialog.accepted.connect(self.reload)
        dialog.open()

    def edit_payer(self) -> None:
        payer = self.selected_payer()
        if payer is None:
            return
        dialog = PayerDialog(self.app, payer, self)
        dialog.accepted.connect(self.reload)
        dialog.open()

    def toggle_archive(self) -> None:
        payer = self.selected_payer()
        if payer is None:
            return
        archive = not payer.archived
        if archive:
            answer = QMessageBox.question(self, self.tr("Archive payer"), self.tr(
                "Archive {name}? The payer disappears from the lists; its documents and history are kept and it "
                "can be restored at any time.").format(name=payer.short_name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        Op(self, lambda: self.app.register.archive_payer(payer.id, archive)).success(lambda _: self.reload()).run()

    def add_authorisation(self) -> None:
        dialog = AuthorisationDialog(self.app, self.model.records, self.selected_payer(), self)
        dialog.accepted.connect(self.reload)
        dialog.open()

    def revoke_authorisation(self) -> None:
        rows = self.auth_table.selectionModel().selectedRows()
        if not rows:
            return
        auth: Authorisation = rows[0].data(RecordRole)
        Op(self, lambda: self.app.register.revoke_authorisation(auth.id)).success(lambda _: self.reload()).run()


class AuthorisationDialog(QDialog):
    def __init__(self, app, payers: list[Payer], selected: Payer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("New authorisation"))
        self.payer = QComboBox()
        for p in payers:
            self.payer.addItem(f"{p.short_name} ({p.nip})", p.id)
        if selected is not None:
            self.payer.setCurrentIndex(self.payer.findData(selected.id))
        self.accountant = QComboBox()
        self.accountant.setEditable(True)
        self.scope = QComboBox()
        for scope in AuthorisationScope:
            self.scope.addItem(scope.label.render(), scope.value)
        today = app.clock.today()
        self.valid_from = QDateEdit(QDate(today.year, today.month, today.day))
        self.valid_from.setCalendarPopup(True)
        self.valid_to = QDateEdit()
        self.valid_to.setCalendarPopup(True)
        self.valid_to.setSpecialValueText(self.tr("indefinite"))
        self.valid_to.setMinimumDate(QDate(2000, 1, 1))
        self.valid_to.setDate(self.valid_to.minimumDate())
        for edit in (self.valid_from, self.valid_to):
            edit.setDisplayFormat("dd.MM.yyyy")
        self.reference = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        form = QFormLayout(self)
        form.addRow(self.tr("Payer"), self.payer)
        form.addRow(self.tr("Accountant"), self.accountant)
        form.addRow(self.tr("Scope"), self.scope)
        form.addRow(self.tr("Valid from"), self.valid_from)
        form.addRow(self.tr("Valid to"), self.valid_to)
        form.addRow(self.tr("Reference (e.g. ZUS-PEL number)"), self.reference)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        Op(self, app.register.list_accountants).success(self._accountants).run()

    def _accountants(self, accountants: list[Accountant]) -> None:
        for a in accountants:
            self.accountant.addItem(a.name)

    def save(self) -> None:
        name = self.accountant.currentText().strip()
        if not name or self.payer.currentData() is None:
            self.error.setText(self.tr("Choose the payer and name the accountant."))
            return
        vf = self.valid_from.date()
        vt = self.valid_to.date()
        valid_to = None if vt == self.valid_to.minimumDate() else date(vt.year(), vt.month(), vt.day())
        payer_id = self.payer.currentData()
        scope = AuthorisationScope(self.scope.currentData())
        reference = self.reference.text().strip()
        reg = self.app.register

        def work() -> None:
            accountant = reg.add_accountant(Accountant(name=name))
            reg.add_authorisation(Authorisation(payer_id=payer_id, accountant_id=accountant.id,  # type: ignore[arg-type]
                                                valid_from=date(vf.year(), vf.month(), vf.day()), valid_to=valid_to,
                                                scope=scope, reference=reference))

        Op(self, work).success(lambda _: self.accept()).failure(lambda e: self.error.setText(e.render())).run()


def create_page(ctx: UiContext) -> Page:
    return PayersPage(ctx)


