"""Import KEDU files written by other programs (Płatnik, ePłatnik, payroll software) — all or nothing.

The file is read streaming and validated (``kedu_reader``); its documents are grouped into sets per
payer and period and stored as drafts (re-written as KEDU 5.7; the original file is kept as
evidence under ``documents/imports/``). With ``into_register`` missing payers and insured persons
are created in the register from the file's identity blocks, in the same database transaction:
one bad row and nothing at all is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserFacingError, ValidationFailed
from ..fsutil import sha256_hex
from ..i18n import t
from ..register.codes import needs_work_time, title_kind
from ..register.models import DocumentType, InsuredPerson, InsuredRecord, Payer
from ..register.validation import pesel_birth_date
from ..workdays import PayerType
from . import kedu_reader, kedu_writer
from .model import DocumentSet, PayerIdentity, PersonIdentity, RcaDocument

if TYPE_CHECKING:
    from .service import DocumentService

NO_DOCUMENTS = t("Plik {name} nie zawiera dokumentów, które program obsługuje{skipped}.",
                 "The file {name} holds no documents this program handles{skipped}.")
UNKNOWN_PAYER = t("Płatnika {key} ({name}) nie ma w rejestrze; niczego nie zaimportowano.",
                  "The payer {key} ({name}) is not in the register; nothing was imported.")
UNKNOWN_PAYER_HINT = t("Dodaj płatnika albo importuj z opcją --into-register (utworzy brakujących płatników "
                       "i ubezpieczonych).",
                       "Add the payer, or import with --into-register (creates missing payers and insured).")
NO_NIP = t("Dokument {form} nie podaje NIP płatnika; takiego płatnika nie można dodać do rejestru.",
           "The {form} document gives no payer NIP; such a payer cannot be added to the register.")
BAD_ROW = t("Nie można dodać do rejestru {what}: {details}; niczego nie zaimportowano.",
            "Cannot add {what} to the register: {details}; nothing was imported.")


@dataclass
class ImportResult:
    file: str
    version: str
    sha256: str
    set_ids: list[int] = field(default_factory=list)
    already_present: list[int] = field(default_factory=list)
    created_payers: list[str] = field(default_factory=list)
    created_insured: list[str] = field(default_factory=list)
    skipped_forms: dict[str, int] = field(default_factory=dict)
    dropped_blocks: dict[str, int] = field(default_factory=dict)  # read but not carried (e.g. DRA XII)
    converted: dict[str, int] = field(default_factory=dict)  # filled by the program (KEDU 4.0's RCA totals)
    schema_checked: bool = True  # False: the program holds no schema of the file's version
    documents: int = 0


def _payer_from(identity: PayerIdentity) -> Payer:
    natural = bool(identity.pesel)
    name = identity.short_name or f"{identity.first_name} {identity.last_name}".strip()
    payer_type = PayerType.OTHER if natural or not identity.regon else PayerType.LEGAL
    return Payer(nip=identity.nip, regon=identity.regon, pesel=identity.pesel, full_name=name,
                 short_name=name[:31], payer_type=payer_type, first_name=identity.first_name.title(),
                 last_name=identity.last_name.title(), birth_date=identity.birth_date)


def _insured_from(payer_id: int, person: PersonIdentity, title: str, start: date,
                  gross: object = None, work_time: tuple[int, int] = (1, 1)) -> InsuredPerson:
    birth = person.birth_date
    if birth is None and person.pesel:
        birth = pesel_birth_date(person.pesel)
    record = InsuredRecord(first_name=person.first_name.title(), last_name=person.last_name.title(),
                           birth_date=birth or start, insurance_title_code=title, start_date=start,
                           work_time_numerator=max(work_time[0], 1), work_time_denominator=max(work_time[1], 1))
    if work_time == (0, 0) and not needs_work_time(title):  # a contractor's block has no working time
        record.work_time_numerator = record.work_time_denominator = 0
    if gross is not None and title_kind(title) in ("employee", "contractor", "outwork"):
        record.gross_pay = gross  # type: ignore[assignment]
    doc_type = DocumentType(person.document_type) if person.document_type in ("1", "2") else DocumentType.NONE
    return InsuredPerson(payer_id=payer_id, record=record, pesel=person.pesel, document_type=doc_type,
                         document_number=person.document_number)


def _people(ds: DocumentSet, today: date) -> list[tuple[PersonIdentity, str, dict]]:
    """(identity, title code, extra) for every person the set names."""
    out: list[tuple[PersonIdentity, str, dict]] = []
    start = ds.period.first_day() if ds.period else today
    for doc in ds.documents:
        if isinstance(doc, RcaDocument):
            for b in doc.blocks:
                out.append((b.person, b.title.full, {"start": start, "gross": b.accident_base,
                                                      "work_time": (b.work_time.numerator,
                                                                    b.work_time.denominator)}))
        elif hasattr(doc, "person") and hasattr(doc, "title"):
            on = getattr(doc, "insurance_from", None) or getattr(doc, "health_from", None) or start
            out.append((doc.person, doc.title.full, {"start": on}))
    return out


@dataclass
class ImportCandidate:
    """One set found in a file, for the person to pick before importing (``preview_kedu``)."""
    index: int
    payer_nip: str
    payer_name: str
    period: str
    number: str
    forms: str
    persons: int
    known_payer: bool


def preview_kedu(service: DocumentService, path: Path) -> list[ImportCandidate]:
    """What ``import_kedu`` would store, without storing anything (the file is fully validated)."""
    sets = kedu_reader.group_sets(kedu_reader.read(path, official=service.official_schema))
    out = []
    for n, ds in enumerate(sets):
        ident = ds.payer
        try:
            service.register.find_payer(ident.nip or ident.regon or ident.short_name)
            known = True
        except UserFacingError:
            known = False
        out.append(ImportCandidate(n, ident.nip, ident.short_name or ident.last_name,
                                   str(ds.period) if ds.period else "", ds.number,
                                   ",".join(d.kind for d in ds.documents),
                                   len(_people(ds, service.clock.today())), known))
    return out


def import_kedu(service: DocumentService, path: Path, *, into_register: bool = False,
                pick: set[int] | None = None) -> ImportResult:
    """Import every set of the file (or only the ``pick``ed indices of ``preview_kedu``) at once."""
    kfile = kedu_reader.read(path, official=service.official_schema)
    sets = kedu_reader.group_sets(kfile)
    if pick is not None:
        sets = [ds for n, ds in enumerate(sets) if n in pick]
    data_sha = _sha_of_file(path)
    result = ImportResult(file=path.name, version=kfile.version, sha256=data_sha, skipped_forms=kfile.skipped,
                          dropped_blocks=kfile.dropped, documents=len(kfile.documents), converted=kfile.converted,
                          schema_checked=kfile.validated)
    if not sets:
        skipped = ", ".join(f"{k}×{v}" for k, v in kfile.skipped.items())
        raise UserFacingError(NO_DOCUMENTS(name=path.name, skipped=f" ({skipped})" if skipped else ""))
    # the evidence copy first: a later failure leaves an unused file, never a set without its source
    evidence = f"imports/{data_sha[:16]}-{_safe_name(path.name)}"
    if not service.evidence.exists(evidence):
        service.evidence.put(evidence, path.read_bytes())
    reg = service.register
    store = service.store

    def tx() -> None:
        for ds in sets:
            ds.payer_id = _payer_id(reg, ds, into_register, result)
            if into_register:
                _add_people(reg, ds, result, service.clock.today())
            xml = kedu_writer.write_set(ds)
            dup = store.find_duplicate(ds.payer_id, str(ds.period) if ds.period else "", ds.number, sha256_hex(xml))
            if dup is not None:
                result.already_present.append(dup)
                continue
            result.set_ids.append(service.insert(ds, xml, source=f"import:{path.name}",
                                                 note=f"import {path.name} sha256 {data_sha}"))

    store.atomically(tx)
    service.events.publish("documents.changed", set_id=None)
    return result


def _safe_name(name: str) -> str:
    """A file name usable as one part of an evidence path (no separators, no ':')."""
    return "".join("_" if c in "/\\:" else c for c in name) or "plik"


def _sha_of_file(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _payer_id(reg, ds: DocumentSet, into_register: bool, result: ImportResult) -> int:
    ident = ds.payer
    key = ident.nip or ident.regon or ident.short_name
    try:
        return int(reg.find_payer(key).id)
    except UserFacingError:
        if not into_register:
            raise UserFacingError(UNKNOWN_PAYER(key=key, name=ident.short_name or ident.last_name),
                                  hint=UNKNOWN_PAYER_HINT) from None
    if not ident.nip:
        raise UserFacingError(NO_NIP(form=ds.documents[0].kind))
    try:
        payer = reg.add_payer(_payer_from(ident))
    except ValidationFailed as exc:
        raise UserFacingError(BAD_ROW(what=f"NIP {ident.nip}", details=str(exc))) from None
    result.created_payers.append(ident.nip)
    return int(payer.id)


def _add_people(reg, ds: DocumentSet, result: ImportResult, today: date) -> None:
    known = {p.pesel or p.document_number for p in reg.list_insured(ds.payer_id)}
    for person, title, extra in _people(ds, today):
        key = person.identifier
        if not key or key in known:
            continue
        try:
            reg.add_insured(_insured_from(ds.payer_id, person, title, extra["start"], extra.get("gross"),  # type: ignore[arg-type]
                                          extra.get("work_time", (1, 1))))
        except ValidationFailed as exc:
            raise UserFacingError(BAD_ROW(what=f"{person.last_name} {person.first_name} ({key})",
                                          details=str(exc))) from None
        known.add(key)
        result.created_insured.append(key)
