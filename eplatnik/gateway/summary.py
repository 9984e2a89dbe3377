"""What the outbox records about a signed KEDU before sending it: payer, period, forms, signed?

Read with the forms area's KEDU reader (hardened parser, schema-checked), so a file that is not a
readable KEDU is refused before anything is stored or sent. Other kinds of package (a relief
application, ``applications/package.py``) are recognised by the readers the program hands in, so
the gateway area imports none of the areas that send through it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .protocol import PACKAGE_TYPE


@dataclass(frozen=True)
class KeduSummary:
    payer_nip: str
    payer_pesel: str
    payer_name: str
    period: str           # YYYY-MM, "" for registration documents
    forms: tuple[str, ...]  # ZUSDRA, ZUSRCA, … in file order, without repeats
    signed: bool
    package_type: str = PACKAGE_TYPE


#: reads another kind of package: its summary, or None when ``data`` is not of its kind
PackageReader = Callable[[bytes], "KeduSummary | None"]


def summarise(data: bytes, readers: Sequence[PackageReader] = ()) -> KeduSummary:
    """The summary of the first reader that knows ``data``, else of ``data`` read as a KEDU."""
    for read in readers:
        found = read(data)
        if found is not None:
            return found
    from ..forms import kedu_reader

    kfile = kedu_reader.read(data)
    sets = kedu_reader.group_sets(kfile)
    forms: list[str] = []
    for doc in kfile.documents:
        name = f"ZUS{doc.kind}"
        if name not in forms:
            forms.append(name)
    if not sets:
        return KeduSummary("", "", "", "", tuple(forms), kfile.signed)
    first = sets[0]
    payer = first.payer
    name = payer.short_name or " ".join(x for x in (payer.first_name, payer.last_name) if x)
    period = next((str(s.period) for s in sets if s.period is not None), "")
    return KeduSummary(payer.nip or "", payer.pesel or "", name, period, tuple(forms), kfile.signed)
