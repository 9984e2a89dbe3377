"""A relief application (WNIOSEK) as the outbox sees it: the gateway's ``PackageReader`` for it."""

from __future__ import annotations

from ..gateway.protocol import RELIEF_PACKAGE_TYPE
from ..gateway.summary import KeduSummary
from . import relief_xml


def relief_package(data: bytes) -> KeduSummary | None:
    """The outbox's summary of a relief application; None when ``data`` is not one (e.g. a KEDU)."""
    if not relief_xml.is_relief(data):
        return None
    from ..xmlsafe import parse_bytes

    application = relief_xml.read(data)
    signed = parse_bytes(data).find("{http://www.w3.org/2000/09/xmldsig#}Signature") is not None
    return KeduSummary(application.payer_nip, application.payer_pesel, application.payer_name, "",
                       (application.form,), signed, RELIEF_PACKAGE_TYPE)
