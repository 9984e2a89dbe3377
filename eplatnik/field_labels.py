"""The names of input fields as people know them, for messages about a field.

Code identifies a field by its key (``birth_date``); a message shown to a person names it as the
form does ("data urodzenia"). ``ValidationFailed`` and the CSV import's row errors use this; JSON
output keeps the keys.
"""

from __future__ import annotations

from .i18n import Text, t

FIELD_LABELS: dict[str, Text] = {
    # payers and insured persons
    "nip": t("NIP", "NIP"), "regon": t("REGON", "REGON"), "pesel": t("PESEL", "PESEL"),
    "full_name": t("pełna nazwa", "full name"), "short_name": t("nazwa skrócona", "short name"),
    "payer_type": t("typ płatnika", "payer type"), "first_name": t("imię", "first name"),
    "second_name": t("drugie imię", "second name"), "last_name": t("nazwisko", "last name"),
    "birth_date": t("data urodzenia", "birth date"), "street": t("ulica", "street"),
    "house_no": t("numer domu", "house number"), "flat_no": t("numer lokalu", "flat number"),
    "postal_code": t("kod pocztowy", "postal code"), "city": t("miejscowość", "city"),
    "email": t("e-mail", "e-mail"), "phone": t("telefon", "phone"),
    "accident_rate": t("stopa składki wypadkowej", "accident insurance rate"),
    "bank_account": t("rachunek bankowy", "bank account"),
    "contribution_scheme": t("składki własne", "own contributions"),
    "health_tax_form": t("forma opodatkowania", "tax form"), "notes": t("uwagi", "notes"),
    "document_type": t("rodzaj dokumentu", "document type"),
    "document_number": t("seria i numer dokumentu", "document series and number"),
    "insurance_title_code": t("kod tytułu ubezpieczenia", "insurance title code"),
    "start_date": t("data rozpoczęcia", "start date"), "end_date": t("data zakończenia", "end date"),
    "work_time": t("wymiar czasu pracy", "working time"), "gross_pay": t("wynagrodzenie brutto", "gross pay"),
    "voluntary_sickness": t("dobrowolne chorobowe", "voluntary sickness insurance"),
    "valid_from": t("obowiązuje od", "valid from"), "valid_to": t("obowiązuje do", "valid to"),
    # accountants and authorisations
    "name": t("imię i nazwisko", "name"), "scope": t("zakres", "scope"),
    "reference": t("numer pełnomocnictwa", "authorisation number"),
    # absences
    "code": t("kod świadczenia lub przerwy", "benefit or absence code"), "date_from": t("od", "from"),
    "date_to": t("do", "to"), "amount": t("kwota", "amount"),
    # e-visits
    "topic": t("sprawa", "matter"), "unit": t("placówka ZUS", "ZUS unit"), "slot": t("termin", "slot"),
    "guardian": t("opiekun", "guardian"), "proxy": t("pełnomocnik", "proxy"), "step": t("krok", "step"),
}


def field_label(key: str, lang: str | None = None) -> str:
    """The field's name for a message ("data urodzenia"); an unknown key is shown readably."""
    text = FIELD_LABELS.get(key)
    return text.render(lang) if text is not None else key.replace("_", " ")
