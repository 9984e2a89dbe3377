"""Registration documents from the register: ZUA / ZZA / ZWUA through the document service, and
ZIUA (change of identity data) from an insured person's dated history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..i18n import t
from . import builder

if TYPE_CHECKING:
    from ..register.service import RegisterService as RegisterReader
    from .service import DocumentService, SetInfo
    from .workflow import Verified

NO_IDENTITY_CHANGE = t("W historii tej osoby nie ma zmiany danych identyfikacyjnych (imię, nazwisko, data "
                       "urodzenia) — ZUS ZIUA nie jest potrzebny.",
                       "This person's history holds no change of identity data (names, birth date) — "
                       "ZUS ZIUA is not needed.")

FORMS = ("ZUA", "ZZA", "ZWUA", "ZIUA")


def register_document(documents: DocumentService, register: RegisterReader, person_id: int, form: str, *,
                      today: date, on: date | None = None, reason_code: str = "100", nfz: str = "",
                      citizenship: str = "") -> Verified:
    """The one way to make a registration set for one insured person (the CLI's ``documents register``
    and the GUI's Ubezpieczeni page), verified at once. ZWUA is dated ``on``, else by the end of the
    person's record, else ``today``; ZUA and ZZA take the NFZ branch and the citizenship, which the
    register does not hold; ZIUA comes from the person's dated history."""
    from .workflow import verified

    form = form.upper()
    person = register.get_insured(person_id)
    if form == "ZIUA":
        return verified(documents, _ziua(documents, register, person_id, today))
    options: dict = {}
    if form == "ZWUA":
        options = {"on": on or person.record.end_date or today, "reason_code": reason_code}
    else:
        options = {"nfz": nfz, "citizenship": citizenship}
        if on is not None:
            options["on"] = on
    return verified(documents, documents.build_registration(person.payer_id, person_id, form, **options))


def _ziua(documents: DocumentService, register: RegisterReader, person_id: int, today: date) -> SetInfo:
    history = register.insured_history(person_id)
    current = register.get_insured(person_id)

    def identity(record) -> tuple:
        return (record.first_name, record.last_name, record.birth_date)

    changed = [r for r in history if identity(r) != identity(current.record)]
    if not changed:
        raise UserFacingError(NO_IDENTITY_CHANGE)
    old = replace(current, record=changed[-1])
    payer = register.get_payer(current.payer_id)
    doc = builder.ziua_for(payer, old, current, today=today)
    return documents.save_set(builder.registration_set(payer, [doc], today), source="registration:ZIUA")
