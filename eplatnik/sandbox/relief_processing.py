"""What the sandbox gateway does with a relief application (package type ``…WNIOSEKXML``): decrypt →
the application's schema → the signature (trusted chain) → the signer may act for the payer →
accepted (UPP, status 200). ZUS's answer — the decision letter — is placed by ``letters_answers``."""

from __future__ import annotations

import datetime as dt

from cryptography import x509

from ..gateway import protocol
from ..gateway.package import PackageError, open_package
from ..gateway.receipt_xml import ReceiptDocument
from ..i18n import t
from .gateway_processing import Outcome, _error
from .gateway_store import GatewayKeys, GatewayStore


def check_relief_package(package: bytes, keys: GatewayKeys, anchors: list[x509.Certificate], store: GatewayStore,
                         at: dt.datetime) -> Outcome:
    from ..applications import relief_xml
    from ..signing.xades import verify_xml
    from ..xmlsafe import XmlError, parse_bytes

    try:
        document = open_package(package, keys.encryption_key, keys.encryption_cert,  # type: ignore[arg-type]
                                protocol.RELIEF_PACKAGE_TYPE)
    except PackageError as exc:
        return Outcome(protocol.REJECTED_PACKAGE, [_error("P1", t(
            "Przesyłki nie można odszyfrować ani rozpakować: {detail}.",
            "The package cannot be decrypted or unpacked: {detail}.")(detail=str(exc)))])
    outcome = Outcome(protocol.PROCESSING, document_sha256=protocol.sha256_b64(document))
    info = verify_xml(document, anchors, at=at)
    if info.signer is not None:
        outcome.signer_name, outcome.signer_pesel = info.signer.common_name, info.signer.pesel or ""
    if not info.valid or info.signed_data is None:
        untrusted = info.trusted is False
        outcome.status = protocol.REJECTED_CERTIFICATE if untrusted else protocol.REJECTED_SIGNATURE
        outcome.errors += [_error("C1" if untrusted else "C2", p) for p in info.problems]
        return outcome
    try:  # read only what the signature covers
        signed = parse_bytes(info.signed_data)
        from lxml import etree

        application = relief_xml.read(etree.tostring(signed))
    except (XmlError, ValueError) as exc:
        outcome.status = protocol.REJECTED_SCHEMA
        outcome.errors.append(_error("S1", t("Wniosek jest nieczytelny lub niezgodny ze schematem: {detail}",
                                             "The application is unreadable or does not match its schema: "
                                             "{detail}")(detail=str(exc)[:300]), document="WNIOSEK"))
        return outcome
    outcome.application = application
    outcome.payer = {"nip": application.payer_nip, "pesel": application.payer_pesel,
                     "regon": application.payer_regon, "name": application.payer_name}
    outcome.documents = [ReceiptDocument(application.form, "", application.id)]
    signer = info.signer
    assert signer is not None
    may_act = (signer.nip and signer.nip == application.payer_nip) or (
        signer.pesel and application.payer_pesel and signer.pesel == application.payer_pesel) or (
        signer.pesel and store.is_authorised(signer.pesel, application.payer_nip))
    if not may_act:
        outcome.status = protocol.REJECTED_NO_AUTHORISATION
        outcome.errors.append(_error("A1", t(
            "Podpisujący {who} nie jest płatnikiem i nie ma zarejestrowanego pełnomocnictwa płatnika NIP {nip}.",
            "The signer {who} is not the payer and holds no registered authorisation of the payer with NIP "
            "{nip}.")(who=signer.common_name, nip=application.payer_nip), document=application.form))
        return outcome
    outcome.status = protocol.ACCEPTED
    return outcome
