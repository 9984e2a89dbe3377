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
    from ..app import App
    from .service import SetInfo

NO_IDENTITY_CHANGE = t("W historii tej osoby nie ma zmiany danych identyfikacyjnych (imię, nazwisko, data "
                       "urodzenia) — ZUS ZIUA nie jest potrzebny.",
                       "This person's history holds no change of identity data (names, birth date) — "
                       "ZUS ZIUA is not needed.")

FORMS = ("ZUA", "ZZA", "ZWUA", "ZIUA")


def build_registration(app: App, person_id: int, form: str, *, on: date | None = None,
                       reason_code: str = "100", nfz: str = "", citizenship: str = "") -> SetInfo:
    """A registration set for one insured person; ZWUA needs ``on`` (the deregistration date); ZUA
    and ZZA take the NFZ branch and the citizenship, which the register does not hold."""
    form = form.upper()
    person = app.register.get_insured(person_id)
    if form == "ZIUA":
        return _ziua(app, person_id)
    options: dict = {}
    if form == "ZWUA":
        options = {"on": on or person.record.end_date or app.clock.today(), "reason_code": reason_code}
    else:
        options = {"nfz": nfz, "citizenship": citizenship}
        if on is not None:
            options["on"] = on
    return app.documents.build_registration(person.payer_id, person_id, form, **options)


def _ziua(app: App, person_id: int) -> SetInfo:
    history = app.register.insured_history(person_id)
    current = app.register.get_insured(person_id)

    def identity(record) -> tuple:
        return (record.first_name, record.last_name, record.birth_date)

    changed = [r for r in history if identity(r) != identity(current.record)]
    if not changed:
        raise UserFacingError(NO_IDENTITY_CHANGE)
    old = replace(current, record=changed[-1])
    payer = app.register.get_payer(current.payer_id)
    today = app.clock.today()
    doc = builder.ziua_for(payer, old, current, today=today)
    return app.documents.save_set(builder.registration_set(payer, [doc], today), source="registration:ZIUA")
