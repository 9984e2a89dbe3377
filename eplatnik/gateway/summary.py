"""What the outbox records about a signed KEDU before sending it: payer, period, forms, signed?

Read with the forms area's KEDU reader (hardened parser, schema-checked), so a file that is not a
readable KEDU is refused before anything is stored or sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from .protocol import PACKAGE_TYPE, RELIEF_PACKAGE_TYPE


@dataclass(frozen=True)
class KeduSummary:
    payer_nip: str
    payer_pesel: str
    payer_name: str
    period: str           # YYYY-MM, "" for registration documents
    forms: tuple[str, ...]  # ZUSDRA, ZUSRCA, … in file order, without repeats
    signed: bool
    package_type: str = PACKAGE_TYPE


def summarise(data: bytes) -> KeduSummary:
    from ..applications import relief_xml

    if relief_xml.is_relief(data):  # a relief application (WNIOSEK), not a KEDU
        from ..xmlsafe import parse_bytes

        application = relief_xml.read(data)
        signed = parse_bytes(data).find("{http://www.w3.org/2000/09/xmldsig#}Signature") is not None
        return KeduSummary(application.payer_nip, application.payer_pesel, application.payer_name, "",
                           (application.form,), signed, RELIEF_PACKAGE_TYPE)
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
