"""The payment note for a client: what to pay for the month, by when, and to which account.

Since 2018 a payer pays all its contributions with ONE transfer to its NRS; ZUS splits the money
itself according to the DRA. The note still shows the amounts per contribution group (social
insurance, health, FP + FGŚP, FEP — DRA blocks IV, VI, VII and VIII) so the owner can check them,
and the total (DRA IX p2). The text form is ready to paste into an e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..formatting import money
from ..i18n import t
from ..period import Period
from ..register.nrs import PayerAccount, check_nrs, nrs_for_nip
from ..workdays import monthly_deadline

if TYPE_CHECKING:
    from ..register.models import Payer
    from .ports import ArrearsSource, MonthDocuments

NO_SET = t("Klient {name} nie ma deklaracji za {period}.", "The client {name} has no declaration for {period}.")
NO_SET_HINT = t("Przygotuj miesiąc (eplatnik-cli month --period {period} --clients {nip}).",
                "Prepare the month first (eplatnik-cli month --period {period} --clients {nip}).")
BAD_ENTERED = t("Zapisany rachunek składkowy klienta {name} jest niepoprawny: {why}",
                "The stored contribution account of {name} is invalid: {why}")


@dataclass(frozen=True)
class PaymentNote:
    payer_name: str
    payer_full_name: str
    nip: str
    email: str
    period: Period
    deadline: date
    social: Decimal        # DRA IV p37: emerytalne, rentowe, chorobowe, wypadkowe
    health: Decimal        # DRA VI
    fp_fgsp: Decimal       # DRA VII p3: Fundusz Pracy + Fundusz Solidarnościowy, FGŚP
    fep: Decimal           # DRA VIII p3: Fundusz Emerytur Pomostowych
    total: Decimal         # DRA IX p2
    account: PayerAccount
    declaration_number: str
    state: str
    # from the payer's account (eplatnik.account): unpaid earlier months past their deadline
    arrears: Decimal = Decimal("0.00")
    interest: Decimal = Decimal("0.00")
    arrears_periods: tuple[str, ...] = ()

    def arrears_text(self, lang: str = "pl") -> str:
        """One sentence about arrears for the note, "" when there are none."""
        if self.arrears <= 0:
            return ""
        periods = ", ".join(self.arrears_periods)
        if lang == "pl":
            text = (f"Uwaga: zaległość z poprzednich miesięcy ({periods}): {money(self.arrears, lang, unit=True)}"
                    + (f", odsetki za zwłokę {money(self.interest, lang, unit=True)}" if self.interest > 0 else "")
                    + ". Wpłata na NRS najpierw pokrywa najstarsze należności — zapłać zaległość razem z bieżącymi "
                      "składkami, inaczej bieżący miesiąc pozostanie niezapłacony.")
        else:
            text = (f"Note: arrears from earlier months ({periods}): {money(self.arrears, lang, unit=True)}"
                    + (f", late-payment interest {money(self.interest, lang, unit=True)}" if self.interest > 0 else "")
                    + ". A payment to the NRS covers the oldest dues first — pay the arrears together with the "
                      "current contributions, or the current month stays unpaid.")
        return text

    @property
    def groups(self) -> list[tuple[str, str, Decimal]]:
        """(Polish label, English label, amount) per contribution group."""
        return [("Ubezpieczenia społeczne", "Social insurance", self.social),
                ("Ubezpieczenie zdrowotne", "Health insurance", self.health),
                ("Fundusz Pracy i Fundusz Solidarnościowy, FGŚP", "Labour Fund and Solidarity Fund, FGŚP",
                 self.fp_fgsp),
                ("Fundusz Emerytur Pomostowych", "Bridging Pension Fund", self.fep)]


def payer_account(payer: Payer, entered: str | None) -> PayerAccount:
    """The NRS from ZUS's letter when one was ``entered``, else the one derived from the NIP."""
    if entered:
        problem = check_nrs(entered, payer.nip)
        if problem is not None:
            raise UserFacingError(BAD_ENTERED(name=payer.short_name, why=problem.render()))
        return PayerAccount(entered, "entered")
    return PayerAccount(nrs_for_nip(payer.nip), "derived")


def payment_note(payer: Payer, period: Period, row: dict | None, *, account: PayerAccount,
                 documents: MonthDocuments, arrears: ArrearsSource) -> PaymentNote:
    """The note from the client's ``row`` of the month store's ``period_rows`` (``MonthService.payment_note``)."""
    from .status import derive_state

    if not row:
        raise UserFacingError(NO_SET(name=payer.short_name, period=str(period)),
                              hint=NO_SET_HINT(period=str(period), nip=payer.nip))
    ds = documents.get_set(int(row["set_id"]))
    dra = ds.dra
    zero = Decimal("0.00")
    ledger = arrears.ledger(payer.id)  # type: ignore[arg-type]
    behind = [m for m in ledger.arrears_months if m.period != period]
    return PaymentNote(
        payer_name=payer.short_name, payer_full_name=payer.full_name, nip=payer.nip, email=payer.email,
        period=period, deadline=monthly_deadline(payer.payer_type, period),
        social=dra.social_total if dra else zero, health=dra.health_total if dra else zero,
        fp_fgsp=dra.fp_fgsp_total if dra else zero, fep=dra.fep if dra else zero,
        total=dra.to_pay if dra else zero, account=account,
        declaration_number=ds.number, state=str(derive_state(row.get("status"), row.get("sub_state"))),
        arrears=sum((m.balance for m in behind), zero), interest=sum((m.interest for m in behind), zero),
        arrears_periods=tuple(str(m.period) for m in behind))


def note_text(note: PaymentNote, lang: str = "pl", office: str = "") -> str:
    """The note as plain text for an e-mail (Polish by default)."""
    pl = lang == "pl"
    lines = [
        (f"Składki ZUS za {note.period} — {note.payer_full_name} (NIP {note.nip})" if pl
         else f"ZUS contributions for {note.period} — {note.payer_full_name} (NIP {note.nip})"),
        "",
    ]
    width = max(len(g[0] if pl else g[1]) for g in note.groups)
    for label_pl, label_en, amount in note.groups:
        label = label_pl if pl else label_en
        lines.append(f"  {label:<{width}}  {money(amount, lang, unit=True):>16}")
    lines += [
        f"  {'RAZEM DO ZAPŁATY' if pl else 'TOTAL TO PAY':<{width}}  {money(note.total, lang, unit=True):>16}",
        "",
        (f"Termin płatności: {note.deadline:%d.%m.%Y}" if pl else f"Payment deadline: {note.deadline:%Y-%m-%d}"),
        (f"Numer rachunku składkowego (NRS): {note.account.formatted}" if pl
         else f"Contribution account number (NRS): {note.account.formatted}"),
        ("Odbiorca: Zakład Ubezpieczeń Społecznych" if pl else "Recipient: Zakład Ubezpieczeń Społecznych"),
        ("Tytuł przelewu: składki ZUS" if pl else "Transfer title: składki ZUS"),
        "",
        ("Całą kwotę należy zapłacić jednym przelewem na powyższy rachunek; ZUS sam rozdzieli ją na "
         "poszczególne składki." if pl else
         "Pay the whole amount with one transfer to the account above; ZUS splits it between the "
         "contributions itself."),
    ]
    if note.arrears_text(lang):
        lines += ["", note.arrears_text(lang)]
    if note.account.source == "derived":
        lines.append("Numer rachunku wyznaczono z NIP; porównaj go z numerem w piśmie z ZUS." if pl else
                     "The account number was derived from the NIP; compare it with the number in ZUS's letter.")
    if office:
        lines += ["", office]
    return "\n".join(lines) + "\n"
