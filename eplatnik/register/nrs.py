"""The numer rachunku składkowego (NRS): the payer's individual contribution account at ZUS.

Every payer pays all its contributions with one transfer to its own NRS. The number is a Polish
NRB/IBAN (26 digits): two IBAN check digits, ZUS's bank sort code ``60000002`` (ZUS's account at
NBP), the constant ``026``, three digits ZUS allocates (``001`` on the numbers ZUS sends out; some
older numbers carry ``000``), and the payer's 10-digit NIP. The check digits are ISO 7064
MOD 97-10, as for every IBAN.

ZUS publishes no rule for the three allocated digits and tells payers to use the number from its
letter (or eskladka.pl). So the program *derives* the usual number from the NIP, and *validates* a
number entered from ZUS's letter: its check digits, the ZUS prefix, and that it ends with this NIP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import Text, t

ZUS_SORT_CODE = "60000002"   # ZUS's account at Narodowy Bank Polski
ZUS_CONSTANT = "026"
DEFAULT_VARIANT = "001"

NRS_LENGTH = t("Numer rachunku składkowego ma 26 cyfr (z prefiksem PL: 28 znaków).",
               "A contribution account number has 26 digits (28 characters with the PL prefix).")
NRS_CHECK = t("Numer rachunku składkowego ma błędne cyfry kontrolne — sprawdź, czy nie ma literówki.",
              "The contribution account number has wrong check digits — look for a typo.")
NRS_NOT_ZUS = t("To nie jest rachunek składkowy ZUS (po cyfrach kontrolnych powinno być 60000002026).",
                "This is not a ZUS contribution account (60000002026 should follow the check digits).")
NRS_OTHER_NIP = t("Rachunek składkowy kończy się NIP-em {found}, a płatnik ma NIP {nip}.",
                  "The contribution account ends with NIP {found}, but the payer's NIP is {nip}.")
NIP_NEEDED = t("Do wyznaczenia rachunku składkowego potrzebny jest poprawny NIP płatnika.",
               "A valid payer NIP is needed to derive the contribution account.")


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper().removeprefix("PL")


def check_digits(bban: str) -> str:
    """The two IBAN check digits for a Polish 24-digit BBAN (ISO 7064 MOD 97-10)."""
    # IBAN rule: move "PL00" to the end, letters as numbers (P=25, L=21), check = 98 - (n mod 97)
    return f"{98 - int(bban + '252100') % 97:02d}"


def nrs_for_nip(nip: str, variant: str = DEFAULT_VARIANT) -> str:
    """The payer's NRS as 26 digits, derived from its NIP (``variant`` = ZUS's three digits)."""
    from stdnum.pl import nip as std_nip

    digits = re.sub(r"\D", "", nip or "")
    if not std_nip.is_valid(digits) or not re.fullmatch(r"\d{3}", variant):
        from ..errors import UserFacingError

        raise UserFacingError(NIP_NEEDED)
    bban = ZUS_SORT_CODE + ZUS_CONSTANT + variant + digits
    return check_digits(bban) + bban


def check_nrs(value: str, nip: str | None = None) -> Text | None:
    """None when ``value`` is a well-formed NRS (of ``nip`` when given), else what is wrong."""
    digits = _digits(value)
    if len(digits) != 26 or not digits.isdigit():
        return NRS_LENGTH
    from stdnum import iban

    if not iban.is_valid("PL" + digits) or check_digits(digits[2:]) != digits[:2]:
        return NRS_CHECK
    if not digits[2:].startswith(ZUS_SORT_CODE + ZUS_CONSTANT):
        return NRS_NOT_ZUS
    wanted = re.sub(r"\D", "", nip or "")
    if wanted and digits[-10:] != wanted:
        return NRS_OTHER_NIP(found=digits[-10:], nip=wanted)
    return None


def format_nrs(value: str) -> str:
    """Grouped the way banks print it: ``02 6000 0002 0260 0152 6104 0828``."""
    digits = _digits(value)
    return " ".join([digits[:2]] + [digits[i:i + 4] for i in range(2, len(digits), 4)])


@dataclass(frozen=True)
class PayerAccount:
    """The NRS used for a payer and where it came from ("derived" from the NIP, or "entered")."""

    nrs: str
    source: str

    @property
    def formatted(self) -> str:
        return format_nrs(self.nrs)
