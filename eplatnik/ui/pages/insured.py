"""Ubezpieczeni — insured persons per payer, with dated history and CSV import."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ...formatting import date_text, local_time, money
from ...register.models import InsuredPerson, InsuredRecord, Payer
from ..context import UiContext
from ..dialogs.csv_import_dialog import CsvImportDialog
from ..dialogs.insured_dialog import InsuredDialog
from ..ops import Op
from ..table import Column, RecordRole, RecordTableModel, make_table, show_records
from ..widgets.action_bar import ActionBar
from .base import Page


class InsuredPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Insured persons")))
        today = ctx.app.clock.today
        bar = QHBoxLayout()
        self.payer = QComboBox()
        self.payer.setObjectName("insuredPayer")
        self.payer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.payer.setMinimumContentsLength(24)
        self.payer.setMaximumWidth(420)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name or PESEL…"))
        self.search.setClearButtonEnabled(True)
        self.actions = ActionBar()
        self.actions.setObjectName("insuredActions")
        self.add_button = self.actions.add_button(self.tr("Add person…"))
        self.change_button = self.actions.add_button(self.tr("Record a change…"))
        self.history_button = self.actions.add_button(self.tr("History…"))
        self.import_button = self.actions.add_button(self.tr("Import CSV…"))
        self.register_button = QPushButton(self.tr("Registration document…"))
        self.register_button.setObjectName("registrationButton")
        menu = QMenu(self.register_button)
        for form, label in (("ZUA", self.tr("ZUA — registration for social and health insurance")),
                            ("ZZA", self.tr("ZZA — registration for health insurance only")),
                            ("ZWUA", self.tr("ZWUA — deregistration")),
                            ("ZIUA", self.tr("ZIUA — change of identity data"))):
            menu.addAction(label).triggered.connect(lambda _=False, f=form: self.registration(f))
        self.register_button.setMenu(menu)
        self.actions.add(self.register_button)
        self.absence_button = self.actions.add_button(self.tr("Absence / benefit…"), "absenceButton")
        self.absence_button.clicked.connect(self.add_absence)
        bar.addWidget(QLabel(self.tr("Payer:")))
        bar.addWidget(self.payer, 1)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        layout.addWidget(self.actions)
        self.model = RecordTableModel([
            Column(self.tr("Last name"), lambda p: p.record.last_name),
            Column(self.tr("First name"), lambda p: p.record.first_name),
            Column(self.tr("PESEL / document"), lambda p: p.pesel or f"{p.document_number}"),
            Column(self.tr("Title code"), lambda p: p.record.insurance_title_code),
            Column(self.tr("Working time"), lambda p: p.record.work_time or "—"),
            Column(self.tr("Gross pay"), lambda p: money(p.record.gross_pay),
                   sort_key=lambda p: p.record.gross_pay, align_right=True),
            Column(self.tr("From"), lambda p: date_text(p.record.start_date), sort_key=lambda p: p.record.start_date),
            Column(self.tr("To"), lambda p: date_text(p.record.end_date), sort_key=lambda p: p.record.end_date,
                   foreground=lambda p: "#888888" if p.record.end_date and p.record.end_date < today() else None),
            Column(self.tr("Record valid from"), lambda p: date_text(p.record.valid_from),
                   sort_key=lambda p: p.record.valid_from),
        ], haystack=lambda p: f"{p.record.last_name} {p.record.first_name} {p.pesel} {p.document_number}",
            key=lambda p: p.id)
        self.table = make_table(self.model)
        self.table.setObjectName("insuredTable")
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.payer.currentIndexChanged.connect(lambda _: self.load_people())
        self.search.textChanged.connect(self._filter)
        self.add_button.clicked.connect(self.add_person)
        self.change_button.clicked.connect(self.change_person)
        self.history_button.clicked.connect(self.show_history)
        self.import_button.clicked.connect(self.import_csv)
        self.table.doubleClicked.connect(lambda _: self.change_person())
        ctx.bridge.event.connect(self._on_event)
        self._payers: list[Payer] = []
        self._wanted_payer: int | None = None

    def activate(self, **kwargs: object) -> None:
        if "payer_id" in kwargs:
            self._wanted_payer = int(kwargs["payer_id"])  # type: ignore[arg-type]
        Op(self, self.app.register.list_payers).success(self._payers_loaded).run()

    def _payers_loaded(self, payers: list[Payer]) -> None:
        current = self._wanted_payer or self.payer.currentData()
        self._payers = payers
        self.payer.blockSignals(True)
        self.payer.clear()
        for p in payers:
            self.payer.addItem(f"{p.short_name} ({p.nip})", p.id)
        index = self.payer.findData(current) if current is not None else 0
        self.payer.setCurrentIndex(max(index, 0))
        self.payer.blockSignals(False)
        self._wanted_payer = None
        self.load_people()

    def payer_id(self) -> int | None:
        return self.payer.currentData()

    def load_people(self) -> None:
        payer_id = self.payer_id()
        has = payer_id is not None
        for b in (self.add_button, self.import_button):
            b.setEnabled(has)
        if not has:
            self.model.set_records([])
            self._filter(self.search.text())
            return
        Op(self, lambda: self.app.register.list_insured(payer_id)).success(
            lambda people: self._people_loaded(people, payer_id)).run()

    def _people_loaded(self, people: list[InsuredPerson], payer_id: int | None = None) -> None:
        # the same payer again (another seat's change): refreshed in place, the person's selection kept
        show_records(self.table, people, context=payer_id)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        self.model.set_query(text)
        self.count_label.setText(self.tr("Shown: {shown} of {total}").format(
            shown=self.model.rowCount(), total=self.model.total_count()))

    def _on_event(self, topic: str, payload: dict) -> None:
        if topic == "register.changed" and self.isVisible():
            self.load_people()

    def selected(self) -> InsuredPerson | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def add_person(self) -> None:
        dialog = InsuredDialog(self.app, self.payer_id(), None, self)  # type: ignore[arg-type]
        dialog.accepted.connect(self.load_people)
        dialog.open()

    def change_person(self) -> None:
        person = self.selected()
        if person is None:
            return
        dialog = InsuredDialog(self.app, person.payer_id, person, self)
        dialog.accepted.connect(self.load_people)
        dialog.open()

    def show_history(self) -> None:
        person = self.selected()
        if person is None:
            return
        Op(self, lambda: self.app.register.insured_history(person.id)).success(
            lambda records: HistoryDialog(person, records, self).open()).run()

    def import_csv(self) -> None:
        payer_id = self.payer_id()
        if payer_id is None:
            return
        dialog = CsvImportDialog(self.app, payer_id, self.payer.currentText(), self)
        dialog.accepted.connect(self.load_people)
        dialog.open()


    def registration(self, form: str) -> None:
        person = self.selected()
        if person is None:
            QMessageBox.information(self, self.tr("Registration document"),
                                    self.tr("Select a person in the table first."))
            return
        options: dict = {}
        if form in ("ZWUA", "ZUA", "ZZA"):
            dialog = DeregistrationDialog(person, self, today=self.app.clock.today()) if form == "ZWUA" \
                else RegistrationDialog(person, form, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            options = dialog.options()
        from ...forms.registration import register_document

        app = self.app

        def work():
            return register_document(app.documents, app.register, person.id, form, today=app.clock.today(),
                                     **options).info

        Op(self, work).success(lambda info: self.ctx.navigate("documents", set_id=info.id)).with_progress(
            self.tr("Preparing the document…")).run()


    def add_absence(self) -> None:
        person = self.selected()
        if person is None:
            QMessageBox.information(self, self.tr("Absence / benefit"), self.tr("Select a person in the table first."))
            return
        dialog = AbsenceDialog(person, self, today=self.app.clock.today())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        absence = dialog.absence()
        docs = self.app.documents
        Op(self, lambda: docs.absences.add(absence)).success(lambda _a: QMessageBox.information(
            self, self.tr("Absence / benefit"), self.tr(
                "Saved. It goes into ZUS RSA of the months it covers when the monthly set is built (Dokumenty → "
                "Build monthly set)."))).run()  # errors are shown by Op's default handler



def _today_of(widget) -> date:
    """Today by the program's clock, found through the window that opens the dialog."""
    window = widget.window() if widget is not None else None
    ctx = getattr(window, "ctx", None)
    if ctx is None:
        raise RuntimeError("a dialog about dates needs today's date from the program's clock")
    return ctx.app.clock.today()


#: codes seen in generators; ZUS's code list is the authority (see the domain notes) — not verified
ABSENCE_CODES = (("331", "zwolnienie lekarskie / sick leave"), ("313", "świadczenie / benefit"),
                 ("111", "urlop bezpłatny / unpaid leave"), ("151", "nieobecność / absence"))


class AbsenceDialog(QDialog):
    """An absence or benefit of one insured person (becomes ZUS RSA III.B)."""

    def __init__(self, person: InsuredPerson, parent=None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.person = person
        self.setWindowTitle(self.tr("Absence / benefit — {name}").format(name=person.record.full_name))
        self.code = QComboBox()
        self.code.setEditable(True)
        for code, label in ABSENCE_CODES:
            self.code.addItem(f"{code} — {label}", code)
        today = today or _today_of(parent)
        self.date_from = QDateEdit(QDate(today.year, today.month, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, 1))
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("optional, e.g. 1234,56"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        form = QFormLayout(self)
        form.addRow(self.tr("Benefit / absence code (3 digits)"), self.code)
        form.addRow(self.tr("From"), self.date_from)
        form.addRow(self.tr("To"), self.date_to)
        form.addRow(self.tr("Amount (PLN)"), self.amount)
        note = QLabel(self.tr("The codes listed come from other programs and are not confirmed against ZUS's list; "
                              "any 3-digit code can be typed."))
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _code(self) -> str:
        data = self.code.currentData()
        text = self.code.currentText()
        return str(data) if data and text.startswith(str(data)) else text.split("—")[0].strip()

    def absence(self):
        from ...forms.absences import Absence
        from ...register import validation as v

        def pydate(q: QDate) -> date:
            return date(q.year(), q.month(), q.day())

        amount = v.parse_amount(self.amount.text()) if self.amount.text().strip() else None
        return Absence(insured_id=self.person.id, payer_id=self.person.payer_id, code=self._code(),  # type: ignore[arg-type]
                       date_from=pydate(self.date_from.date()), date_to=pydate(self.date_to.date()), amount=amount)

    def _accept(self) -> None:
        try:
            absence = self.absence()
        except ValueError:
            from ...register.validation import AMOUNT_BAD

            self.error.setText(AMOUNT_BAD.render())
            return
        problems = absence.validate()
        if problems:
            self.error.setText("; ".join(e.render() for e in problems))
            return
        self.accept()


class DeregistrationDialog(QDialog):
    """ZWUA: the deregistration date and the reason code."""

    def __init__(self, person: InsuredPerson, parent=None, *, today: date | None = None) -> None:
        from ...forms.model import DEREGISTRATION_REASONS

        super().__init__(parent)
        self.setWindowTitle(self.tr("Deregistration — {name}").format(name=person.record.full_name))
        day = person.record.end_date or today or _today_of(parent)
        self.date = QDateEdit(QDate(day.year, day.month, day.day))
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setCalendarPopup(True)
        self.reason = QComboBox()
        from ...i18n import language

        lang = 1 if language() == "en" else 0
        for code, names in DEREGISTRATION_REASONS.items():
            self.reason.addItem(f"{code} — {names[lang]}", code)
        form = QFormLayout(self)
        form.addRow(self.tr("Deregistered from"), self.date)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> dict:
        d = self.date.date()
        return {"on": date(d.year(), d.month(), d.day()), "reason_code": self.reason.currentData()}


class RegistrationDialog(QDialog):
    """ZUA/ZZA: what the register does not hold — the NFZ branch and the citizenship. Left empty,
    the verification names them and they can be filled in on the form."""

    def __init__(self, person: InsuredPerson, form: str, parent=None) -> None:
        from ...forms.model import NFZ_BRANCHES

        super().__init__(parent)
        self.setWindowTitle(self.tr("{form} — {name}").format(form=form, name=person.record.full_name))
        self.nfz = QComboBox()
        self.nfz.setObjectName("nfzBranch")
        self.nfz.addItem(self.tr("— choose the branch —"), "")
        for code, name in NFZ_BRANCHES.items():
            self.nfz.addItem(f"{code} — {name}", code)
        self.citizenship = QLineEdit()
        self.citizenship.setObjectName("citizenship")
        self.citizenship.setPlaceholderText(self.tr("e.g. POLSKIE"))
        self.citizenship.setMaxLength(22)
        layout = QFormLayout(self)
        layout.addRow(self.tr("NFZ branch"), self.nfz)
        layout.addRow(self.tr("Citizenship"), self.citizenship)
        note = QLabel(self.tr("The sex is taken from the PESEL and the address from the register. What stays "
                              "empty is shown by the verification and can be filled in on the form."))
        note.setWordWrap(True)
        layout.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def options(self) -> dict:
        return {"nfz": self.nfz.currentData() or "", "citizenship": self.citizenship.text().strip()}


class HistoryDialog(QDialog):
    def __init__(self, person: InsuredPerson, records: list[InsuredRecord], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History — {name}").format(name=person.record.full_name))
        self.resize(820, 320)
        model = RecordTableModel([
            Column(self.tr("Valid from"), lambda r: date_text(r.valid_from), sort_key=lambda r: r.valid_from),
            Column(self.tr("Name"), lambda r: r.full_name),
            Column(self.tr("Title code"), lambda r: r.insurance_title_code),
            Column(self.tr("Working time"), lambda r: r.work_time or "—"),
            Column(self.tr("Gross pay"), lambda r: money(r.gross_pay), align_right=True),
            Column(self.tr("Insured from – to"), lambda r: f"{date_text(r.start_date)} – {date_text(r.end_date)}"),
            Column(self.tr("Recorded"), lambda r: f"{local_time(r.recorded_at)} {r.recorded_by}"),
        ], parent=self)
        model.set_records(records)
        table = make_table(model)
        table.resizeColumnsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(table)


def create_page(ctx: UiContext) -> Page:
    return InsuredPage(ctx)
