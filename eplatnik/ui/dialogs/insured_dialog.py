"""Add an insured person, or record a dated change (the earlier record stays as history).

The birth date stays empty until a PESEL gives it (or the person types it): a made-up date would be
saved unnoticed. The working time is asked only of employees; a contractor (0411) has none.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

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
    QVBoxLayout,
    QWidget,
)

from ...errors import FieldError, ValidationFailed
from ...i18n import Text
from ...register import validation as v
from ...register.codes import describe_title_code, expand_title_code, needs_work_time, title_codes
from ...register.models import DocumentType, InsuredPerson, InsuredRecord
from ..ops import Op
from ..widgets.validated import MarkedField, MessageLine, ValidatedLineEdit, field_row


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class InsuredDialog(QDialog):
    def __init__(self, app, payer_id: int, person: InsuredPerson | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.payer_id = payer_id
        self.person = person
        self.change_mode = person is not None
        self.setWindowTitle(self.tr("Record a change") if person else self.tr("New insured person"))
        self.setMinimumWidth(560)
        today = app.clock.today()
        names_line, doc_line, street_line, city_line = MessageLine(), MessageLine(), MessageLine(), MessageLine()

        self.pesel = ValidatedLineEdit(lambda s: v.check_pesel(s), self.tr("11 digits"))
        self.doc_type = QComboBox()
        self.doc_type.addItem(self.tr("— (has PESEL)"), DocumentType.NONE.value)
        self.doc_type.addItem(self.tr("ID card"), DocumentType.ID_CARD.value)
        self.doc_type.addItem(self.tr("Passport"), DocumentType.PASSPORT.value)
        self.doc_number = ValidatedLineEdit(line=doc_line)
        self.first_name = ValidatedLineEdit(v.check_required, line=names_line)
        self.second_name = ValidatedLineEdit(line=names_line)
        self.last_name = ValidatedLineEdit(v.check_required, line=names_line)
        self.birth_date = QDateEdit()
        self.birth_date.setObjectName("birthDate")
        self.birth_date.setDisplayFormat("dd.MM.yyyy")
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setSpecialValueText(self.tr("— (from the PESEL)"))
        self.birth_date.setMinimumDate(QDate(1900, 1, 1))
        self.birth_date.setDate(self.birth_date.minimumDate())  # empty until a PESEL (or the person) gives it
        self.birth_hint = MessageLine()
        self.birth_field = MarkedField(self.birth_date, self.birth_hint)
        self.title_code = QComboBox()
        self.title_code.setEditable(True)
        for code4, info in title_codes().items():
            self.title_code.addItem(f"{code4}00 — {info.name.render()}", f"{code4}00")
        self.title_error = QLabel()
        self.title_error.setStyleSheet("color: #c62828;")
        self.work_time = ValidatedLineEdit(self._check_work_time, self.tr("1/1 (employees only)"))
        self.work_time.setText("1/1")
        self.gross = ValidatedLineEdit(lambda s: v.check_amount(s), "0,00")
        self.start = QDateEdit(_qdate(today))
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.end.setMinimumDate(QDate(1950, 1, 1))
        self.end.setSpecialValueText(self.tr("none"))
        self.end.setDate(self.end.minimumDate())
        self.valid_from = QDateEdit(_qdate(today))
        self.valid_from.setDisplayFormat("dd.MM.yyyy")
        self.valid_from.setCalendarPopup(True)
        self.sickness = QCheckBox(self.tr("voluntary sickness insurance"))
        self.street = ValidatedLineEdit(line=street_line)
        self.house_no = ValidatedLineEdit(line=street_line)
        self.postal_code = ValidatedLineEdit(lambda s: v.check_postal_code(s), "00-950", line=city_line)
        self.city = ValidatedLineEdit(line=city_line)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("PESEL"), self.pesel)
        form.addRow(self.tr("Document (no PESEL)"), field_row((self.doc_type, 0), (self.doc_number, 1), line=doc_line))
        form.addRow(self.tr("First, second and last name"),
                    field_row((self.first_name, 1), (self.second_name, 1), (self.last_name, 1), line=names_line))
        form.addRow(self.tr("Birth date"), field_row((self.birth_date, 0), line=self.birth_hint))
        form.addRow(self.tr("Insurance title code"), self.title_code)
        form.addRow("", self.title_error)
        form.addRow(self.tr("Working time (fraction)"), self.work_time)
        form.addRow(self.tr("Gross pay (PLN)"), self.gross)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.end)
        form.addRow(self.tr("Insured from – to"), dates)
        form.addRow("", self.sickness)
        form.addRow(self.tr("Street, house"), field_row((self.street, 3), (self.house_no, 1), line=street_line))
        form.addRow(self.tr("Postal code, city"), field_row((self.postal_code, 1), (self.city, 3), line=city_line))
        if self.change_mode:
            form.addRow(self.tr("Change effective from"), self.valid_from)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.pesel.edit.textChanged.connect(self._pesel_changed)
        self.birth_date.dateChanged.connect(lambda _: self._check_birth())
        self.title_code.currentTextChanged.connect(self._check_title)
        self._fields = {"pesel": self.pesel, "first_name": self.first_name, "last_name": self.last_name,
                        "postal_code": self.postal_code, "work_time": self.work_time, "gross_pay": self.gross,
                        "birth_date": self.birth_field, "document_number": self.doc_number, "street": self.street,
                        "house_no": self.house_no, "city": self.city, "second_name": self.second_name}
        for widget in self._fields.values():
            widget.validity_changed.connect(self._clear_banner)
        if person is not None:
            self._load(person)
        self._check_title(self.title_code.currentText())

    def _load(self, person: InsuredPerson) -> None:
        r = person.record
        self.pesel.setText(person.pesel)
        self.pesel.edit.setReadOnly(True)
        self.doc_type.setCurrentIndex(self.doc_type.findData(person.document_type.value))
        self.doc_type.setEnabled(False)
        self.doc_number.setText(person.document_number)
        self.doc_number.edit.setReadOnly(True)
        self.first_name.setText(r.first_name)
        self.second_name.setText(r.second_name)
        self.last_name.setText(r.last_name)
        self.birth_date.setDate(_qdate(r.birth_date))
        index = self.title_code.findData(r.insurance_title_code)
        if index >= 0:
            self.title_code.setCurrentIndex(index)
        else:
            self.title_code.setEditText(r.insurance_title_code)
        self.work_time.setText(r.work_time)  # empty for a contractor
        self.gross.setText(str(r.gross_pay).replace(".", ","))
        self.start.setDate(_qdate(r.start_date))
        if r.end_date:
            self.end.setDate(_qdate(r.end_date))
        self.sickness.setChecked(r.voluntary_sickness)
        self.street.setText(r.street)
        self.house_no.setText(r.house_no)
        self.postal_code.setText(r.postal_code)
        self.city.setText(r.city)

    def _pesel_changed(self, text: str) -> None:
        birth = v.default_birth_date(text)
        if birth is not None:
            self.birth_date.setDate(_qdate(birth))
        self._check_birth()

    def _birth(self) -> date | None:
        qd = self.birth_date.date()
        return None if qd == self.birth_date.minimumDate() else _pydate(qd)

    def _check_birth(self) -> None:
        birth = self._birth()
        problem = v.check_pesel_birth_date(self.pesel.text(), birth) if birth is not None else None
        self.birth_field.set_external_error(problem.render() if problem else None)

    def _check_work_time(self, text: str) -> Text | None:
        if not text.strip():
            return v.WORK_TIME_REQUIRED if needs_work_time(self._code()) else None
        return v.check_fraction(text)

    def _clear_banner(self, _valid: bool = True) -> None:
        """Once no field is marked any more, the request to correct them goes too."""
        if all(field.is_valid() for field in self._fields.values()):
            self.error.setText("")

    def _typed_code(self) -> str:
        data = self.title_code.currentData()
        text = self.title_code.currentText()
        if data and text.startswith(str(data)):
            return str(data)
        return text.split("—")[0].strip().replace(" ", "")

    def _code(self) -> str:
        """The 6-character code; "0510" (the four digits people say) is taken as "051000"."""
        return expand_title_code(self._typed_code())[0]

    def _check_title(self, _text: str) -> None:
        typed = self._typed_code()
        code, expanded = expand_title_code(typed)
        problem = v.check_title_code(code)
        text = problem.render() if problem else describe_title_code(code)
        if expanded and not problem:
            text = self.tr("{typed} is taken as {code} (no pension right, no disability): {name}").format(
                typed=typed, code=code, name=text)
        self.title_error.setText(text)
        self.title_error.setStyleSheet("color: #c62828;" if problem else "color: #555555;")
        if not problem and not needs_work_time(code) and self.work_time.text() == "1/1" and not self.change_mode:
            self.work_time.setText("")  # a contractor has no working time
        self.work_time._revalidate()

    def _record(self) -> InsuredRecord:
        if not self.work_time.text().strip() and not needs_work_time(self._code()):
            num, den = 0, 0  # no working time (a contractor)
        else:
            try:
                num, den = v.parse_fraction(self.work_time.text())
            except ValueError:
                num, den = -1, 1
        try:
            gross = v.parse_amount(self.gross.text() or "0")
        except ValueError:
            gross = Decimal("-1")
        end = None if self.end.date() == self.end.minimumDate() else _pydate(self.end.date())
        return InsuredRecord(
            first_name=self.first_name.text().strip(), second_name=self.second_name.text().strip(),
            last_name=self.last_name.text().strip(), birth_date=self._birth() or _pydate(self.birth_date.date()),
            insurance_title_code=self._code(), start_date=_pydate(self.start.date()), end_date=end,
            work_time_numerator=num, work_time_denominator=den, gross_pay=gross,
            voluntary_sickness=self.sickness.isChecked(), street=self.street.text().strip(),
            house_no=self.house_no.text().strip(), postal_code=self.postal_code.text().strip(),
            city=self.city.text().strip())

    def save(self) -> None:
        record = self._record()
        reg = self.app.register
        if self.change_mode:
            person = replace(self.person, record=record)  # type: ignore[type-var]
            valid_from = _pydate(self.valid_from.date())
            fn = lambda: reg.change_insured(person.id, record, valid_from)  # noqa: E731
        else:
            person = InsuredPerson(payer_id=self.payer_id, pesel=self.pesel.text(),
                                   document_type=DocumentType(self.doc_type.currentData()),
                                   document_number=self.doc_number.text(), record=record)
            fn = lambda: reg.add_insured(person)  # noqa: E731
        errors = person.validate()
        if self._birth() is None and not any(e.field == "birth_date" for e in errors):
            errors.append(FieldError("birth_date", v.BIRTH_REQUIRED))
        if errors:
            self._show(ValidationFailed(errors))
            return
        self.buttons.setEnabled(False)
        Op(self, fn).success(lambda _: self.accept()).failure(self._failed).finally_(
            lambda: self.buttons.setEnabled(True)).run()

    def _failed(self, exc) -> None:
        if isinstance(exc, ValidationFailed):
            self._show(exc)
        else:
            self.error.setText(exc.render())

    def _show(self, exc: ValidationFailed) -> None:
        rest = []
        for e in exc.errors:
            widget = self._fields.get(e.field)
            if widget is not None:
                widget.set_external_error(e.render())
            else:
                rest.append(e.render_with_label())
        self.error.setText("\n".join(rest) or self.tr("Correct the fields marked in red."))
