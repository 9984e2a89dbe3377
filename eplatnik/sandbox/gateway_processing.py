"""What the sandbox gateway does with a package, in ZUS's order: decrypt → schema → signature →
authority of the signer → verification rules → signed receipt.

Every outcome, accepted or rejected, ends in a receipt signed with the gateway's own key. A set with
one critical error is rejected whole (MPiPS regulation of 1.04.2010: such a set counts as not
delivered); the receipt lists every error with its document, block and field.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from cryptography import x509

from ..gateway import protocol
from ..gateway.package import PackageError, open_package
from ..gateway.receipt_xml import Receipt, ReceiptDocument, ReceiptError, sign_receipt
from ..i18n import Text, t
from .gateway_store import GatewayKeys, GatewayStore, SubmissionRow

log = logging.getLogger(__name__)

_FORM_PREFIX = "ZUS"


@dataclass
class Outcome:
    status: int
    errors: list[ReceiptError] = field(default_factory=list)
    document_sha256: str = ""
    payer: dict[str, str] = field(default_factory=dict)
    signer_name: str = ""
    signer_pesel: str = ""
    documents: list[ReceiptDocument] = field(default_factory=list)
    application: object | None = None  # a relief application read from the package (relief_processing)


def _error(code: str, message: Text, *, document: str = "", document_id: str = "", block: str = "",
           field_name: str = "", critical: bool = True) -> ReceiptError:
    return ReceiptError(code=code, message_pl=message.render("pl"), message_en=message.render("en"),
                        document=document, document_id=document_id, block=block, field=field_name,
                        critical=critical)


def _form_name(document: str) -> str:
    """Schema and rules name documents "DRA"; receipts use the KEDU element name "ZUSDRA"."""
    if document in ("", "SET"):
        return ""
    if not document.startswith(_FORM_PREFIX):
        return _FORM_PREFIX + document
    return document


def _describe(kedu: bytes) -> tuple[dict[str, str], list[ReceiptDocument], list]:
    """Payer identity and documents of the set(s), read by the forms area's KEDU reader from the
    content the signature covers."""
    from ..forms import kedu_reader

    sets = kedu_reader.group_sets(kedu_reader.read(kedu))
    if not sets:
        raise ValueError("no supported documents")
    payer = sets[0].payer
    name = payer.short_name or " ".join(x for x in (payer.first_name, payer.last_name) if x)
    docs = [ReceiptDocument(_form_name(d.kind), str(ds.period) if ds.period is not None else "", str(d.doc_id))
            for ds in sets for d in ds.documents]
    docs.sort(key=lambda d: int(d.identifier) if d.identifier.isdigit() else 0)
    return ({"nip": payer.nip or "", "pesel": payer.pesel or "", "regon": payer.regon or "", "name": name},
            docs, sets)


def _rule_findings(sets: list) -> list[ReceiptError]:
    from ..forms.verification import verify_set

    out = []
    for doc_set in sets:
        ids: dict[str, str] = {}
        for d in doc_set.documents:
            ids.setdefault(d.kind, str(d.doc_id))  # id_dokumentu of the first document of each form
        for f in verify_set(doc_set):
            critical = str(getattr(f.severity, "value", f.severity)).lower() in ("error", "critical")
            block = f.block or ""
            if block and getattr(f, "block_index", None):
                block = f"{block} nr {f.block_index}"  # a repeated block (RCA III) as ZUS names it
            out.append(_error(str(f.rule), f.message, document=_form_name(f.document or ""),
                              document_id=ids.get(f.document or "", ""), block=block, field_name=f.field or "",
                              critical=critical))
    return out


def _may_act(signer, payer, store: GatewayStore) -> bool:
    """The payer's own certificate (PESEL or NIP), or a registered authorisation of the signer."""
    if signer.pesel and payer.pesel and signer.pesel == payer.pesel:
        return True
    if signer.nip and payer.nip and signer.nip == payer.nip:
        return True
    return bool(signer.pesel and payer.nip and store.is_authorised(signer.pesel, payer.nip))


def check_package(package: bytes, keys: GatewayKeys, anchors: list[x509.Certificate], store: GatewayStore,
                  at: dt.datetime) -> Outcome:
    from ..forms.kedu_schema import validate_bytes
    from ..signing.xades import verify_xml

    try:
        kedu = open_package(package, keys.encryption_key, keys.encryption_cert)  # type: ignore[arg-type]
    except PackageError as exc:
        return Outcome(protocol.REJECTED_PACKAGE, [_error("P1", t(
            "Przesyłki nie można odszyfrować ani rozpakować: {detail}.",
            "The package cannot be decrypted or unpacked: {detail}.")(detail=str(exc)))])
    outcome = Outcome(protocol.PROCESSING, document_sha256=protocol.sha256_b64(kedu))
    try:
        problems = validate_bytes(kedu)
    except Exception as exc:  # noqa: BLE001 - unreadable XML is a schema rejection, never a crash
        outcome.status = protocol.REJECTED_SCHEMA
        outcome.errors.append(_error("S0", t("Dokument nie jest poprawnym XML: {detail}",
                                             "The document is not valid XML: {detail}")(detail=str(exc))))
        return outcome
    if problems:
        outcome.status = protocol.REJECTED_SCHEMA
        outcome.errors += [_error("S1", p.message, document=_form_name(p.document), block=p.block,
                                  field_name=p.field) for p in problems[:200]]
        return outcome
    # The signature first, and then only what it covers is read: a comment inside a signed value or
    # a document hidden under ds:Signature must never reach the rules or the receipt.
    info = verify_xml(kedu, anchors, at=at)
    if info.signer is not None:
        outcome.signer_name, outcome.signer_pesel = info.signer.common_name, info.signer.pesel or ""
    if not info.valid or info.signed_data is None:
        untrusted = info.trusted is False or any("certyfikat" in p.render("pl").lower() for p in info.problems)
        outcome.status = protocol.REJECTED_CERTIFICATE if untrusted else protocol.REJECTED_SIGNATURE
        outcome.errors += [_error("C1" if untrusted else "C2", p) for p in info.problems]
        return outcome
    try:
        outcome.payer, outcome.documents, sets = _describe(info.signed_data)
    except Exception as exc:  # noqa: BLE001 - a reader failure rejects this set, not the gateway
        outcome.status = protocol.REJECTED_SCHEMA
        outcome.errors.append(_error("S2", t("Nie można odczytać dokumentów: {detail}",
                                             "Cannot read the documents: {detail}")(detail=str(exc))))
        return outcome
    signer = info.signer
    assert signer is not None
    refused = [ds.payer for ds in sets if not _may_act(signer, ds.payer, store)]
    if refused:
        payer_nip = refused[0].nip or refused[0].pesel
        outcome.status = protocol.REJECTED_NO_AUTHORISATION
        outcome.errors.append(_error("A1", t(
            "Podpisujący {who} (PESEL {pesel}) nie jest płatnikiem i nie ma zarejestrowanego pełnomocnictwa "
            "płatnika NIP {nip}.", "The signer {who} (PESEL {pesel}) is not the payer and holds no registered "
            "authorisation of the payer with NIP {nip}.")(who=signer.common_name, pesel=signer.pesel or "-",
                                                          nip=payer_nip or "-"), document="", block="II"))
        return outcome
    findings = _rule_findings(sets)
    outcome.errors += findings
    outcome.status = protocol.REJECTED_RULES if any(f.critical for f in findings) else protocol.ACCEPTED
    return outcome


def process(row: SubmissionRow, keys: GatewayKeys, anchors: list[x509.Certificate], store: GatewayStore,
            now: dt.datetime) -> int:
    """Process one received package and issue its receipt; returns the final status."""
    store.set_status(row.reference, protocol.PROCESSING)
    package = store.package_path(row.reference).read_bytes()
    received_at = dt.datetime.fromisoformat(row.received_at)
    if row.package_type == protocol.RELIEF_PACKAGE_TYPE:
        from .relief_processing import check_relief_package

        outcome = check_relief_package(package, keys, anchors, store, received_at)
    else:
        outcome = check_package(package, keys, anchors, store, received_at)
    receipt = Receipt(
        reference=row.reference, received_at=row.received_at, issued_at=now.isoformat(),
        package_sha256=row.package_sha256, document_sha256=outcome.document_sha256,
        package_type=row.package_type, status=outcome.status, accepted=outcome.status == protocol.ACCEPTED,
        payer_nip=outcome.payer.get("nip", ""), payer_pesel=outcome.payer.get("pesel", ""),
        payer_regon=outcome.payer.get("regon", ""), payer_name=outcome.payer.get("name", ""),
        signer_name=outcome.signer_name, signer_pesel=outcome.signer_pesel,
        documents=tuple(outcome.documents), errors=tuple(outcome.errors))
    from ..fsutil import atomic_write_bytes

    atomic_write_bytes(store.receipt_path(row.reference), sign_receipt(receipt, keys.receipt_key,
                                                                        keys.receipt_cert, signing_time=now))
    from .letters_answers import answer_with_letter

    answer_with_letter(store.dir.parent, row, outcome, now)  # before the final status: a rerun never doubles it
    store.set_status(row.reference, outcome.status, finished_at=now, payer_nip=outcome.payer.get("nip", ""))
    log.info("processed %s → %s", row.reference, outcome.status)
    return outcome.status
