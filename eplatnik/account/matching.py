"""Which bank transactions are contribution payments: money sent to a payer's NRS.

An NRS is an account at ZUS's bank (sort code 60000002 after the two check digits, then 026) that ends
with the payer's NIP; a number entered from ZUS's letter is matched as entered. Whose statement it is
does not matter (an office may pay for its clients from its own account)."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text, t
from ..register.nrs import ZUS_SORT_CODE, check_nrs
from .statements import BankTransaction

REASONS: dict[str, Text] = {
    "credit": t("wpływ na rachunek — nie jest wpłatą do ZUS", "money received — not a payment to ZUS"),
    "not_nrs": t("odbiorca nie jest rachunkiem składkowym ZUS", "the recipient is not a ZUS contribution account"),
    "bad_nrs": t("rachunek ZUS z błędnymi cyframi kontrolnymi", "a ZUS account with wrong check digits"),
    "unknown_payer": t("rachunek składkowy płatnika spoza rejestru (NIP {nip})",
                       "the contribution account of a payer not in the register (NIP {nip})"),
    "currency": t("waluta inna niż PLN", "a currency other than PLN"),
}


@dataclass(frozen=True)
class Match:
    status: str            # "matched" | "ignored"
    payer_id: int | None
    reason: str = ""       # a key of REASONS
    nip: str = ""

    def reason_text(self) -> Text | None:
        return REASONS[self.reason](nip=self.nip) if self.reason else None


class NrsIndex:
    """NRS and NIP → payer id, built once per import."""

    def __init__(self, payers_by_nip: dict[str, int], entered: dict[int, str]) -> None:
        self.by_nip = payers_by_nip
        self.by_entered = {nrs: pid for pid, nrs in entered.items()}

    def classify(self, tx: BankTransaction) -> Match:
        if tx.direction != "debit":
            return Match("ignored", None, "credit")
        if tx.currency and tx.currency != "PLN":
            return Match("ignored", None, "currency")
        account = tx.counterparty_account
        if len(account) != 26 or not account.isdigit() or account[2:10] != ZUS_SORT_CODE:
            return Match("ignored", None, "not_nrs")
        if account in self.by_entered:
            return Match("matched", self.by_entered[account], nip=account[-10:])
        if check_nrs(account) is not None:
            return Match("ignored", None, "bad_nrs")
        nip = account[-10:]
        payer_id = self.by_nip.get(nip)
        if payer_id is None:
            return Match("ignored", None, "unknown_payer", nip)
        return Match("matched", payer_id, nip=nip)
