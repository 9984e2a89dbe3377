"""The ``:86:`` field as Polish banks write it (the ZBP/"MT940 PL" layout): a transaction code, then
subfields ``~NN`` (some banks use ``^`` or ``?`` as the marker):

* ``~20``–``~25`` the transfer title, ``~26`` its continuation at some banks;
* ``~27``–``~29`` and ``~32``–``~33`` the counterparty's name and address;
* ``~30`` the counterparty bank's sort code, ``~31`` its account number (16 digits after the sort code,
  or the whole 26-digit NRB at some banks), ``~38`` the counterparty IBAN;
* ``~00`` the bank's own description, ``~34`` a transaction type code.

The bank wraps the field at 65 characters; a wrap is not a space, so lines are joined as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"([~^?<])(\d{2})")


@dataclass(frozen=True)
class Details86:
    code: str
    fields: dict[str, str]

    def _join(self, keys: tuple[str, ...], sep: str = "") -> str:
        # chunks are verbatim (a bank cuts the title every 27–35 characters, even mid-word)
        return re.sub(r"\s+", " ", sep.join(self.fields.get(k, "") for k in keys)).strip()

    @property
    def title(self) -> str:
        return self._join(("20", "21", "22", "23", "24", "25", "26"))

    @property
    def name(self) -> str:
        return self._join(("27", "28", "29", "32", "33"), " ")  # name, street, town: one line each

    @property
    def account(self) -> str:
        """The counterparty account: ~38 IBAN, else ~30 sort code + ~31 number, else ~31 alone."""
        from ..statements import account_digits

        iban = account_digits(self.fields.get("38", ""))
        if iban:
            return iban
        sort_code = re.sub(r"\D", "", self.fields.get("30", ""))
        number = re.sub(r"\D", "", self.fields.get("31", ""))
        if len(number) == 26:
            return number
        if len(sort_code) == 8 and len(number) == 16:
            from ...register.nrs import check_digits

            bban = sort_code + number
            return check_digits(bban) + bban
        return number


def parse_86(text: str) -> Details86:
    """Split one ``:86:`` field (its lines joined by the caller or not) into code and subfields."""
    joined = (text or "").replace("\r", "").replace("\n", "")
    first = _MARKER.search(joined)
    if first is None:
        return Details86("", {"20": joined})  # free text: all of it is the title
    marker = first.group(1)
    parts = re.split(re.escape(marker) + r"(\d{2})", joined)
    fields: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2]):
        fields[key] = fields.get(key, "") + value  # a repeated subfield continues the previous one
    return Details86(parts[0].strip(), fields)
