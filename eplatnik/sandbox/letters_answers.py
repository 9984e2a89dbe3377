"""ZUS's answers the sandbox places on its own: a decision after a relief application, a notice
after a rejected package. One letter per package (``in_reply_to`` = its reference): a package
processed again after a crash finds its letter and places none."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..gateway import protocol
from .letters_place import place_letter
from .letters_store import LettersStore

if TYPE_CHECKING:
    from .gateway_processing import Outcome
    from .gateway_store import SubmissionRow

log = logging.getLogger(__name__)


def _pl_amount(value: Decimal) -> str:
    whole, _, cents = f"{value:.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u00a0".join(groups) + "," + cents


def _raty(n: int) -> str:
    """Polish plural of "rata" after a number (2 raty, 5 rat, 22 raty)."""
    if n == 1:
        return "ratę"
    return "raty" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "rat"


def decision_text(application, reference: str) -> tuple[str, str]:
    """(title, text) of the sandbox's decision granting a relief application."""
    total = _pl_amount(application.total_arrears)
    periods = ", ".join(a.period for a in application.arrears)
    if application.kind == "deferral":
        title = "Decyzja w sprawie odroczenia terminu płatności należności z tytułu składek"
        body = (f"Rozpatrzono wniosek płatnika {application.payer_name} (NIP {application.payer_nip}) z dnia "
                f"{application.application_date:%d.%m.%Y}, przesłany z numerem referencyjnym {reference}.\n\n")
        dues = {i.due for i in application.schedule}
        if len(dues) == 1:
            body += (f"Zakład odracza termin płatności należności z tytułu składek za okresy {periods} w łącznej "
                     f"kwocie {total} zł do dnia {min(dues):%d.%m.%Y}.")
        else:  # one new deadline per month, in the months' order
            each = "; ".join(f"za okres {a.period} ({_pl_amount(a.amount)} zł) do dnia {i.due:%d.%m.%Y}"
                             for a, i in zip(application.arrears, application.schedule, strict=True))
            body += (f"Zakład odracza terminy płatności należności z tytułu składek w łącznej kwocie {total} zł: "
                     f"{each}.")
    else:
        n = len(application.schedule)
        first, last = application.schedule[0].due, application.schedule[-1].due
        title = "Decyzja w sprawie rozłożenia na raty należności z tytułu składek"
        body = (f"Rozpatrzono wniosek płatnika {application.payer_name} (NIP {application.payer_nip}) z dnia "
                f"{application.application_date:%d.%m.%Y}, przesłany z numerem referencyjnym {reference}.\n\n"
                f"Zakład rozkłada na {n} {_raty(n)} należności z tytułu składek za okresy {periods} w łącznej kwocie "
                f"{total} zł, płatnych od {first:%d.%m.%Y} do {last:%d.%m.%Y} zgodnie z harmonogramem wniosku.")
    body += ("\n\nOd decyzji przysługuje odwołanie do sądu okręgowego — sądu pracy i ubezpieczeń społecznych — "
             "w terminie miesiąca od dnia jej doręczenia, za pośrednictwem Zakładu.\n\n"
             "To jest decyzja piaskownicy eplatnik: symulacja odpowiedzi ZUS, bez skutków prawnych.")
    return title, body


def notice_text(row: SubmissionRow, outcome: Outcome) -> tuple[str, str]:
    errors = len(outcome.errors)
    title = "Zawiadomienie o odrzuceniu przesłanych dokumentów"
    body = (f"Przesyłka o numerze referencyjnym {row.reference}, która wpłynęła {row.received_at[:10]}, została "
            f"odrzucona (status {outcome.status}, liczba błędów: {errors}). Dokumenty odrzucone uznaje się za "
            "niezłożone: popraw je i wyślij ponownie.\n\nSzczegóły błędów zawiera urzędowe potwierdzenie "
            "odbioru (UPO) tej przesyłki.\n\nTo jest pismo piaskownicy eplatnik, bez skutków prawnych.")
    return title, body


def answer_with_letter(state_dir: Path, row: SubmissionRow, outcome: Outcome, now: dt.datetime) -> None:
    nip = outcome.payer.get("nip", "")
    if not nip:
        return  # nothing could be read from the package: there is no addressee
    accepted_relief = row.package_type == protocol.RELIEF_PACKAGE_TYPE and outcome.status == protocol.ACCEPTED
    rejected = 400 <= outcome.status < 500
    if not (accepted_relief or rejected):
        return
    try:
        store = LettersStore(state_dir)
        try:
            if store.replies_to(row.reference):
                return
            if accepted_relief:
                title, text = decision_text(outcome.application, row.reference)
                kind = "decision"
            else:
                title, text = notice_text(row, outcome)
                kind = "notice"
            letter = place_letter(state_dir, nip=nip, title=title, now=now, kind=kind, text=text,
                                  payer_name=outcome.payer.get("name", ""), in_reply_to=row.reference, store=store)
            log.info("placed %s %s for %s in reply to %s", kind, letter.id, nip, row.reference)
        finally:
            store.close()
    except Exception:  # the receipt matters more than the letter: log and go on
        log.exception("could not place the answer letter for %s", row.reference)
