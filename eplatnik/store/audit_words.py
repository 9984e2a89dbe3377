"""The audit view's words: what an audit entry, a documents' transition or a sent application means,
as a person reads it ("Zmieniono dane płatnika", "Podpisano zestaw", "Wysłano wniosek do ZUS").

The stored codes and notes stay as written (they are evidence); only their reading is translated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..formatting import date_text, money, period_text
from ..i18n import Text, t

ACTIONS: dict[str, Text] = {
    "payer.add": t("Dodano płatnika do rejestru", "Payer added to the register"),
    "payer.update": t("Zmieniono dane płatnika", "Payer's details changed"),
    "payer.archive": t("Przeniesiono płatnika do archiwum", "Payer archived"),
    "payer.restore": t("Przywrócono płatnika z archiwum", "Payer restored from the archive"),
    "payer.nrs": t("Zmieniono numer rachunku składkowego (NRS)", "Contribution account number (NRS) changed"),
    "insured.add": t("Dodano ubezpieczonego", "Insured person added"),
    "insured.change": t("Zmieniono dane ubezpieczonego (nowy zapis)", "Insured person's details changed (new record)"),
    "authorisation.add": t("Dodano upoważnienie (ZUS-PEL)", "Authorisation (ZUS-PEL) added"),
    "authorisation.revoke": t("Odwołano upoważnienie (ZUS-PEL)", "Authorisation (ZUS-PEL) revoked"),
    "month.build": t("Zamknięcie miesiąca: zbudowano deklaracje", "Month-end: declarations built"),
    "month.verify": t("Zamknięcie miesiąca: sprawdzono deklaracje", "Month-end: declarations verified"),
    "month.sign": t("Zamknięcie miesiąca: podpisano deklaracje", "Month-end: declarations signed"),
    "month.submit": t("Zamknięcie miesiąca: wysłano deklaracje", "Month-end: declarations sent"),
    "month.receipt": t("Zamknięcie miesiąca: ZUS przyjął deklaracje (UPO)",
                       "Month-end: ZUS accepted the declarations (receipt)"),
    "payments.import": t("Zaimportowano wpłaty (wyciąg bankowy lub wpłata wpisana ręcznie)",
                         "Payments imported (bank statement or a payment entered by hand)"),
    "payments.delete": t("Usunięto wpłatę wpisaną ręcznie", "Payment entered by hand deleted"),
    "letter.upd": t("Podpisano UPD — potwierdzenie odbioru pisma z ZUS",
                    "UPD signed — acknowledgement of a letter from ZUS"),
    "letter.open": t("Otwarto pismo z ZUS", "Letter from ZUS opened"),
}
MONTH_FAILED = t("Zamknięcie miesiąca: krok się nie powiódł", "Month-end: a step failed")

PAYER = t("płatnik", "payer")
PERSON = t("ubezpieczony {person}", "insured person {person}")
PERSON_PLAIN = t("ubezpieczony", "insured person")
AUTHORISATION = t("upoważnienie", "authorisation")
PAYMENT = t("wpłata nr {id}", "payment no. {id}")
STATEMENT = t("plik {file}: wpłaty tego płatnika: {n}, razem {amount} zł",
              "file {file}: this payer's payments: {n}, in total {amount} zł")
MANUAL_PAYMENT = t("Wpisano wpłatę ręcznie", "Payment entered by hand")
PAID_ON = t("wpłata {amount} zł z dnia {date}", "payment of {amount} zł on {date}")
LETTER = t("pismo {letter}", "letter {letter}")
MONTH = t("zamknięcie miesiąca", "month-end")

SET = t("zestaw nr {id}: {forms} za {period}", "set no. {id}: {forms} for {period}")
SET_UNDATED = t("zestaw nr {id}: {forms}", "set no. {id}: {forms}")
CREATED = t("Utworzono zestaw dokumentów", "Document set created")
BACK_TO_DRAFT = t("Zestaw zmieniony (znów wersja robocza)", "Set changed (a draft again)")
TRANSITIONS: dict[str, Text] = {
    "verified": t("Sprawdzono zestaw", "Set verified"),
    "signed": t("Podpisano zestaw", "Set signed"),
    "queued": t("Zestaw czeka na wysłanie", "Set queued for sending"),
    "sent": t("Wysłano zestaw do ZUS", "Set sent to ZUS"),
    "accepted": t("ZUS przyjął zestaw (UPO)", "ZUS accepted the set (receipt)"),
    "rejected": t("ZUS odrzucił zestaw", "ZUS rejected the set"),
}
MOVED = t("Zmiana stanu zestawu: {to}", "Set state changed: {to}")

ABSENCE_ADDED = t("Wpisano nieobecność lub zasiłek (kod {code})", "Absence or benefit entered (code {code})")
ABSENCE = t("ubezpieczony {person}: {first} – {last}", "insured person {person}: {first} – {last}")

APPLICATION_SENT = t("Wysłano wniosek do ZUS", "Application sent to ZUS")
FILE_SENT = t("Wysłano plik do ZUS", "File sent to ZUS")
STATES: dict[str, Text] = {
    "queued": t("w kolejce", "queued"), "sent": t("wysłany", "sent"),
    "in_progress": t("przetwarzany w ZUS", "being processed by ZUS"), "accepted": t("przyjęty", "accepted"),
    "rejected": t("odrzucony", "rejected"), "failed_retryable": t("do ponowienia", "to be retried"),
    "failed": t("nieudany", "failed"), "receipt_invalid": t("potwierdzenie nieważne", "receipt invalid"),
}
SUBMISSION_STATE = t("stan: {state}", "state: {state}")
SUBMISSION_REF = t("stan: {state}, nr ref. {ref}", "state: {state}, reference {ref}")


def describe_audit(action: str, entity: str, entity_id: int | None, details: str, names: dict[str, Any],
                   lang: str | None) -> tuple[str, str]:
    """(what, object) of an ``audit_log`` entry."""
    if action in ACTIONS:
        what = ACTIONS[action].render(lang)
    elif action.startswith("month.") and action.endswith(".failed"):
        what = MONTH_FAILED.render(lang)
    else:
        what = action
    if entity == "payer":
        obj = PAYER
    elif entity == "insured":
        obj = PERSON(person=names["person"]) if names.get("person") else PERSON_PLAIN
    elif entity == "authorisation":
        obj = AUTHORISATION
    elif entity == "bank_transaction":
        obj = PAYMENT(id=entity_id)
    elif entity == "statement_import":
        amounts = [Decimal(a) for a in names.get("amounts", [])]
        if names.get("format") == "manual":
            what = MANUAL_PAYMENT.render(lang)
            obj = PAID_ON(amount=money(sum(amounts, Decimal(0)), lang), date=date_text(names.get("booked_on"), lang))
        else:
            obj = STATEMENT(file=names.get("file") or "—", n=len(amounts),
                            amount=money(sum(amounts, Decimal(0)), lang))
    elif entity == "letter":
        obj = LETTER(letter=names.get("letter") or entity_id)
    elif entity == "month_run":
        obj = MONTH
    else:
        return what, f"{entity} {entity_id or ''}".strip()
    return what, obj.render(lang)


def set_name(set_id: int, forms: str, period: str, lang: str | None) -> str:
    forms_text = ", ".join(f for f in (forms or "").split(",") if f) or "—"
    if period:
        return SET(id=set_id, forms=forms_text, period=period_text(period, lang)).render(lang)
    return SET_UNDATED(id=set_id, forms=forms_text).render(lang)


def describe_transition(r: Any, lang: str | None) -> tuple[str, str]:
    """(what, object) of a ``document_transitions`` row joined with its set."""
    to, frm = str(r["to_status"]), str(r["from_status"] or "")
    if to == "draft":
        what = CREATED if not frm else BACK_TO_DRAFT
    else:
        what = TRANSITIONS.get(to) or MOVED(to=to)
    return what.render(lang), set_name(int(r["set_id"]), r["forms"], r["period"], lang)


def describe_submission(r: Any, lang: str | None) -> tuple[str, str, str, str]:
    """(action, what, object, details) of a submission that is not a stored set (an application, a file)."""
    application = "WNIOSEK" in str(r["package_type"]).upper()
    action = "application.sent" if application else "file.sent"
    what = (APPLICATION_SENT if application else FILE_SENT).render(lang)
    state = STATES[r["state"]].render(lang) if r["state"] in STATES else str(r["state"])
    details = (SUBMISSION_REF(state=state, ref=r["reference"]) if r["reference"]
               else SUBMISSION_STATE(state=state)).render(lang)
    return action, what, str(r["source_name"] or ""), details


def describe_absence(r: Any, lang: str | None) -> tuple[str, str]:
    """(what, object) of an ``absences`` row joined with its insured person."""
    return (ABSENCE_ADDED(code=r["code"]).render(lang),
            ABSENCE(person=r["pesel"] or r["document_number"], first=date_text(r["date_from"], lang),
                    last=date_text(r["date_to"], lang)).render(lang))
