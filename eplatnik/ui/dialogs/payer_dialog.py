"""Add or edit a payer: every field validated as typed, the register's own check on save.

A new payer starts as "pozostali (do 20.)" — most clients of an office are sole traders — and
becomes "osoba prawna" by itself while its full name reads like one (sp. z o.o., S.A., fundacja…),
until the person picks a type. The message "Popraw pola zaznaczone na czerwono" goes away as soon
as no field is marked.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...errors import ValidationFailed
from ...register import validation as v
from ...register.models import ContributionScheme, HealthTaxForm, Payer
from ...workdays import PayerType
from ..ops import Op
from ..widgets.validated import MarkedField, MessageLine, ValidatedLineEdit, field_row


class PayerDialog(QDialog):
    def __init__(self, app, payer: Payer | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.original = payer
        self.saved: Payer | None = None
        self.setWindowTitle(self.tr("Edit payer") if payer else self.tr("New payer"))
        self.setMinimumWidth(640)
        street_line, city_line, person_line = MessageLine(), MessageLine(), MessageLine()

        self.nip = ValidatedLineEdit(lambda s: v.check_nip(s, required=True), "123-456-32-18")
        self.regon = ValidatedLineEdit(lambda s: v.check_regon(s), self.tr("9 or 14 digits"))
        self.pesel = ValidatedLineEdit(lambda s: v.check_pesel(s), self.tr("natural persons only"))
        self.full_name = ValidatedLineEdit(v.check_required)
        self.short_name = ValidatedLineEdit(v.check_short_name, self.tr("max. 31 characters (KEDU)"), 31)
        self.short_counter = QLabel()
        self.short_name.edit.textChanged.connect(
            lambda s: self.short_counter.setText(self.tr("{n}/31").format(n=len(s))))
        self.payer_type = QComboBox()
        self.payer_type.setObjectName("payerType")
        for pt in (PayerType.OTHER, PayerType.LEGAL, PayerType.BUDGET):
            self.payer_type.addItem(pt.label.render(), pt.value)
        self._type_chosen = payer is not None  # a type the person picked is never changed for them
        self.payer_type.activated.connect(lambda _i: setattr(self, "_type_chosen", True))
        self.first_name = ValidatedLineEdit(line=person_line)
        self.last_name = ValidatedLineEdit(line=person_line)
        self.street = ValidatedLineEdit(line=street_line)
        self.house_no = ValidatedLineEdit(line=street_line)
        self.flat_no = ValidatedLineEdit(line=street_line)
        self.postal_code = ValidatedLineEdit(lambda s: v.check_postal_code(s), "00-950", line=city_line)
        self.city = ValidatedLineEdit(line=city_line)
        self.email = ValidatedLineEdit(lambda s: v.check_email(s), "biuro@firma.pl")
        self.phone = ValidatedLineEdit(lambda s: v.check_phone(s), "+48 600 000 000")
        self.accident_rate = ValidatedLineEdit(v.check_accident_rate, "1,67", warning=v.accident_rate_warning)
        self.bank_account = ValidatedLineEdit(lambda s: v.check_iban(s), "PL00 0000 0000 0000 0000 0000 0000")
        self.scheme = QComboBox()
        scheme_names = {
            ContributionScheme.NONE: self.tr("— (company)"),
            ContributionScheme.FULL: self.tr("full contributions (duży ZUS)"),
            ContributionScheme.PREFERENTIAL: self.tr("preferential base (mały ZUS)"),
            ContributionScheme.MALY_ZUS_PLUS: self.tr("Mały ZUS Plus"),
            ContributionScheme.START_RELIEF: self.tr("start-up relief (ulga na start)"),
        }
        for scheme, label in scheme_names.items():
            self.scheme.addItem(label, scheme.value)
        self.tax_form = QComboBox()
        tax_names = {
            HealthTaxForm.NONE: "—", HealthTaxForm.SCALE: self.tr("tax scale (skala)"),
            HealthTaxForm.FLAT: self.tr("flat tax (liniowy)"), HealthTaxForm.LUMP_SUM: self.tr("lump sum (ryczałt)"),
            HealthTaxForm.CARD: self.tr("tax card (karta podatkowa)"),
        }
        for form, label in tax_names.items():
            self.tax_form.addItem(label, form.value)
        self.birth_date = QDateEdit()
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDisplayFormat("dd.MM.yyyy")
        self.birth_date.setSpecialValueText("—")
        self.birth_date.setMinimumDate(QDate(1900, 1, 1))
        self.birth_date.setDate(self.birth_date.minimumDate())
        self.birth_line = MessageLine()
        self.birth_field = MarkedField(self.birth_date, self.birth_line)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)

        ident = QGroupBox(self.tr("Identification"))
        form = QFormLayout(ident)
        form.addRow(self.tr("NIP"), self.nip)
        form.addRow(self.tr("REGON"), self.regon)
        form.addRow(self.tr("PESEL"), self.pesel)
        form.addRow(self.tr("Full name"), self.full_name)
        row = QHBoxLayout()
        row.addWidget(self.short_name, 1)
        row.addWidget(self.short_counter)
        form.addRow(self.tr("Short name"), row)
        form.addRow(self.tr("Payer type (deadline)"), self.payer_type)
        form.addRow(self.tr("First and last name (natural person)"),
                    field_row((self.first_name, 1), (self.last_name, 1), line=person_line))
        form.addRow(self.tr("Birth date"), field_row((self.birth_date, 0), line=self.birth_line))

        addr = QGroupBox(self.tr("Address and contact"))
        form2 = QFormLayout(addr)
        form2.addRow(self.tr("Street, house, flat"),
                     field_row((self.street, 3), (self.house_no, 1), (self.flat_no, 1), line=street_line))
        form2.addRow(self.tr("Postal code, city"), field_row((self.postal_code, 1), (self.city, 3), line=city_line))
        form2.addRow(self.tr("E-mail"), self.email)
        form2.addRow(self.tr("Phone"), self.phone)

        ins = QGroupBox(self.tr("Insurance and payments"))
        form3 = QFormLayout(ins)
        form3.addRow(self.tr("Accident insurance rate (%)"), self.accident_rate)
        form3.addRow(self.tr("Bank account"), self.bank_account)
        form3.addRow(self.tr("Own contributions (sole trader)"), self.scheme)
        form3.addRow(self.tr("Tax form (health contribution)"), self.tax_form)
        form3.addRow(self.tr("Notes"), self.notes)

        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #c62828;")
        self.general_error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        # a dialog that fits 1024×768: long labels go above their field, combos show what fits
        for box in (form, form2, form3):
            box.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for combo in (self.payer_type, self.scheme, self.tax_form):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(ident)
        right = QVBoxLayout()
        right.addWidget(addr)
        right.addWidget(ins)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.resize(940, self.sizeHint().height())  # two roomy columns; a small screen gets the minimum
        self._fields = {"nip": self.nip, "regon": self.regon, "pesel": self.pesel, "full_name": self.full_name,
                        "short_name": self.short_name, "postal_code": self.postal_code, "email": self.email,
                        "phone": self.phone, "accident_rate": self.accident_rate, "bank_account": self.bank_account,
                        "first_name": self.first_name, "last_name": self.last_name, "street": self.street,
                        "house_no": self.house_no, "flat_no": self.flat_no, "city": self.city,
                        "birth_date": self.birth_field}
        for key, widget in self._fields.items():
            widget.validity_changed.connect(self._clear_banner)
            if isinstance(widget, ValidatedLineEdit):
                widget.edit.setObjectName(f"field-{key}")
        self.general_error.setObjectName("payerError")
        self.full_name.edit.textChanged.connect(self._suggest_type)
        self.pesel.edit.textChanged.connect(self._suggest_type)
        self.birth_date.dateChanged.connect(lambda _d: self.birth_field.set_external_error(None))
        self.accident_rate.setText("1,67")
        if payer is not None:
            self._load(payer)

    def _load(self, p: Payer) -> None:
        self.nip.setText(p.nip)
        self.regon.setText(p.regon)
        self.pesel.setText(p.pesel)
        self.full_name.setText(p.full_name)
        self.short_name.setText(p.short_name)
        self.payer_type.setCurrentIndex(self.payer_type.findData(p.payer_type.value))
        self.first_name.setText(p.first_name)
        self.last_name.setText(p.last_name)
        if p.birth_date:
            self.birth_date.setDate(QDate(p.birth_date.year, p.birth_date.month, p.birth_date.day))
        self.street.setText(p.street)
        self.house_no.setText(p.house_no)
        self.flat_no.setText(p.flat_no)
        self.postal_code.setText(p.postal_code)
        self.city.setText(p.city)
        self.email.setText(p.email)
        self.phone.setText(p.phone)
        self.accident_rate.setText(str(p.accident_rate).replace(".", ","))
        self.bank_account.setText(v.format_iban(p.bank_account) if p.bank_account else "")
        self.scheme.setCurrentIndex(self.scheme.findData(p.contribution_scheme.value))
        self.tax_form.setCurrentIndex(self.tax_form.findData(p.health_tax_form.value))
        self.notes.setPlainText(p.notes)

    def payer(self) -> Payer:
        qd = self.birth_date.date()
        birth = None if qd == self.birth_date.minimumDate() else date(qd.year(), qd.month(), qd.day())
        try:
            rate = v.parse_amount(self.accident_rate.text())
        except ValueError:
            rate = Decimal("-1")
        values = dict(
            nip=self.nip.text(), regon=self.regon.text(), pesel=self.pesel.text(), full_name=self.full_name.text(),
            short_name=self.short_name.text(), payer_type=PayerType(self.payer_type.currentData()),
            first_name=self.first_name.text().strip(), last_name=self.last_name.text().strip(), birth_date=birth,
            street=self.street.text(), house_no=self.house_no.text().strip(), flat_no=self.flat_no.text().strip(),
            postal_code=self.postal_code.text(), city=self.city.text(), email=self.email.text(),
            phone=self.phone.text(), accident_rate=rate, bank_account=self.bank_account.text(),
            contribution_scheme=ContributionScheme(self.scheme.currentData()),
            health_tax_form=HealthTaxForm(self.tax_form.currentData()), notes=self.notes.toPlainText())
        values["birth_date"] = v.default_birth_date(values["pesel"], birth)
        return replace(self.original, **values) if self.original else Payer(**values)  # type: ignore[arg-type]

    def save(self) -> None:
        payer = self.payer()
        errors = payer.normalised().validate()
        if errors:
            self._show_errors(ValidationFailed(errors))
            return
        self.buttons.setEnabled(False)
        register = self.app.register
        fn = register.update_payer if payer.id is not None else register.add_payer
        Op(self, lambda: fn(payer)).success(self._saved).failure(self._failed).finally_(
            lambda: self.buttons.setEnabled(True)).run()

    def _saved(self, payer: Payer) -> None:
        self.saved = payer
        self.accept()

    def _failed(self, exc) -> None:
        if isinstance(exc, ValidationFailed):
            self._show_errors(exc)
        else:
            self.general_error.setText(exc.render())

    def _show_errors(self, exc: ValidationFailed) -> None:
        unplaced = []
        for error in exc.errors:
            field = self._fields.get(error.field)
            if field is not None:
                field.set_external_error(error.render())
            else:
                unplaced.append(error.render_with_label())
        self.general_error.setText("\n".join(unplaced) if unplaced else self.tr("Correct the fields marked in red."))

    def _clear_banner(self, _valid: bool = True) -> None:
        """Once no field is marked any more, the request to correct them goes too."""
        if all(field.is_valid() for field in self._fields.values()):
            self.general_error.setText("")

    def _suggest_type(self) -> None:
        if self._type_chosen:
            return
        suggested = PayerType.OTHER if self.pesel.text().strip() else suggest_payer_type(self.full_name.text())
        self.payer_type.setCurrentIndex(self.payer_type.findData(suggested.value))


#: names that mark a legal person (pays by the 15th); partnerships (s.c., sp.j., sp.k.) are not ones
_LEGAL_FORMS = ("sp. z o.o", "sp.z o.o", "spółka z ograniczoną", " s.a.", "spółka akcyjna", "p.s.a.",
                "spółdzielnia", "fundacja", "stowarzyszenie")


def suggest_payer_type(full_name: str) -> PayerType:
    """A guess from the name: legal persons pay by the 15th, sole traders and partnerships by the 20th."""
    name = " " + " ".join(full_name.lower().split())
    return PayerType.LEGAL if any(form in name for form in _LEGAL_FORMS) else PayerType.OTHER
