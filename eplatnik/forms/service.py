"""DocumentService: stores document sets, runs their lifecycle, builds, verifies and exports them.

The KEDU XML is the record: a set's model is always read back from its stored bytes, so what is
shown, verified, signed and sent is the same thing. Lifecycle (ARCHITECTURE): draft → verified →
signed → queued → sent → accepted | rejected; editing a verified set makes it a draft again;
editing a signed set creates a new draft (same number), editing a sent one a correction.
Every transition is recorded with time and actor. All SQL of the area lives in ``store.py``
(``DocumentStore``); the service gets its collaborators in its constructor (only ``app.py`` builds it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, sha256_hex
from ..i18n import Text, t
from ..period import Period
from . import builder, kedu_reader, kedu_schema, kedu_writer
from .absences import AbsenceService
from .model import DocumentSet, InsuranceTitle, SetKind, SetStatus
from .params import params_for
from .races import SIGNED_OR_LATER, AlreadyDone, is_already_done
from .sets import SetInfo, VerifyOutcome
from .status import TRANSITIONS
from .store import DocumentStore, NewSet, Signed

if TYPE_CHECKING:
    from ..clock import Clock
    from ..events import EventBus
    from ..params.store import ParamsStore
    from ..store.evidence import EvidenceStore
    from .importer import ImportCandidate, ImportResult
    from .ports import RegisterReader
    from .verification import Finding

__all__ = ["DocumentService", "SetInfo", "VerifyOutcome", "provisional_json"]

NO_SET = t("Nie ma zestawu dokumentów nr {id}.", "There is no document set no. {id}.")
BAD_TRANSITION = t("Zestawu nr {id} w stanie „{frm}” nie można przenieść do stanu „{to}”.",
                   "Set no. {id} in state '{frm}' cannot move to '{to}'.")
ALREADY_SIGNED = t("Deklaracja za {period} (nr {number}) jest już podpisana lub wysłana.",
                   "The declaration for {period} (no. {number}) is already signed or sent.")
ALREADY_SIGNED_HINT = t("Utwórz korektę: eplatnik-cli documents correct {id}.",
                        "Create a correction: eplatnik-cli documents correct {id}.")
NOT_VERIFIED = t("Zestaw nr {id} nie jest zweryfikowany bez błędów — nie można go podpisać.",
                 "Set no. {id} is not verified without errors — it cannot be signed.")
SIGNED_MISMATCH = t("Podpisany plik nie zawiera tych samych dokumentów co zestaw nr {id}.",
                    "The signed file does not hold the same documents as set no. {id}.")
NO_SIGNATURE = t("Plik nie zawiera podpisu (ds:Signature).", "The file holds no signature (ds:Signature).")
EXPORT_INVALID = t("Zestaw nr {id} nie jest zgodny ze schematem KEDU ({count} błędów): {first}",
                   "Set no. {id} does not match the KEDU schema ({count} errors): {first}")
EXPORT_HINT = t("Uruchom weryfikację i popraw wskazane pola.", "Run the verification and fix the fields shown.")


def provisional_json(entries: list[Any]) -> str:
    """The parameter entries a set was computed with that are not final, for ``params_note``."""
    keep = ("figure", "from", "value", "status", "source", "final_when")
    return json.dumps([{k: v for k, v in e.as_dict().items() if k in keep} for e in entries],
                      ensure_ascii=False) if entries else ""


class DocumentService:
    def __init__(self, store: DocumentStore, *, register: RegisterReader, params: ParamsStore, clock: Clock,
                 events: EventBus, actor: Callable[[], str], official_schema: Callable[[], str | None],
                 evidence: EvidenceStore) -> None:
        self.store = store
        #: the register as the documents area reads it (also used by ``registration`` and ``importer``)
        self.register = register
        self.params = params
        self.clock = clock
        self.events = events
        self.actor = actor
        self._official_schema = official_schema
        #: the workspace's evidence (store/evidence.py): imported files are kept under ``imports/``
        self.evidence = evidence
        self.absences = AbsenceService(store, register=register, clock=clock, actor=actor)
        #: raises when another desk or window holds the set (editing, signing: store/holds.py); set by App
        self.check_hold: Callable[[int], None] = lambda _set_id: None

    @property
    def official_schema(self) -> str | None:
        return self._official_schema() or None

    # -- queries ---------------------------------------------------------------------------------
    def list_sets(self, payer_id: int | None = None, period: Period | str | None = None,
                  status: SetStatus | str | None = None, kind: str | None = None) -> list[SetInfo]:
        return self.store.list_sets(payer_id=payer_id, period=str(period) if period is not None else None,
                                    status=str(status) if status is not None else None, kind=kind)

    def get_info(self, set_id: int) -> SetInfo:
        info = self.store.get_info(set_id)
        if info is None:
            raise UserFacingError(NO_SET(id=set_id))
        return info

    def get_xml(self, set_id: int, *, signed: bool = True) -> bytes:
        """The set's KEDU bytes: the signed ones once signed (unless ``signed=False``)."""
        found = self.store.xml(set_id)
        if found is None:
            raise UserFacingError(NO_SET(id=set_id))
        xml, signed_xml = found
        return signed_xml if signed and signed_xml is not None else xml

    def get_set(self, set_id: int) -> DocumentSet:
        info = self.get_info(set_id)
        kfile = kedu_reader.read(self.get_xml(set_id, signed=False), validate=False)
        ds = DocumentSet(payer=kfile.documents[0].payer if kfile.documents else DocumentSet().payer,
                         period=Period.parse(info.period) if info.period else None, kind=SetKind(info.kind),
                         documents=kfile.documents, number=info.number, correction_of=info.correction_of,
                         status=info.status, payer_id=info.payer_id, id=info.id)
        return ds

    def transitions(self, set_id: int) -> list[dict[str, Any]]:
        return self.store.transitions(set_id)

    def params_notes(self, set_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """Set id → the draft/forecast figures it was computed with (only sets that have any)."""
        return self.store.params_notes(set_ids)

    def stored_findings(self, set_id: int) -> list[dict[str, Any]]:
        return self.store.stored_findings(set_id)

    def latest_monthly(self, payer_id: int, period: Period) -> SetInfo | None:
        sets = list(self.list_sets(payer_id=payer_id, period=period, kind="monthly"))
        return max(sets, key=lambda s: (s.number, s.id)) if sets else None

    # -- storing ---------------------------------------------------------------------------------
    @staticmethod
    def new_set(ds: DocumentSet, xml: bytes, *, source: str = "", supersedes: int | None = None) -> NewSet:
        """The stored columns of ``ds`` written as ``xml``."""
        dra = ds.dra
        payer = ds.payer
        documents = []
        for doc in ds.documents:
            person = getattr(doc, "person", None) or getattr(doc, "new", None)
            documents.append((doc.kind, len(getattr(doc, "blocks", ())),
                              person.identifier if person is not None else ""))
        return NewSet(payer_id=ds.payer_id, payer_nip=payer.nip, payer_pesel=payer.pesel,
                      payer_name=payer.short_name or payer.last_name, period=str(ds.period) if ds.period else "",
                      kind=str(ds.kind), number=ds.number, correction_of=ds.correction_of,
                      forms=",".join(d.kind for d in ds.documents),
                      to_pay=f"{dra.to_pay if dra else Decimal('0.00'):.2f}", xml=xml, xml_sha256=sha256_hex(xml),
                      source=source, params_note=provisional_json(ds.provisional), supersedes=supersedes,
                      documents=documents)

    def insert(self, ds: DocumentSet, xml: bytes, *, source: str, supersedes: int | None = None,
               note: str = "") -> int:
        """Store ``ds`` (written as ``xml``) as a new draft; joins a transaction already open
        (``store.atomically``). Publishes nothing: the caller does, after its transaction."""
        return self.store.insert(self.new_set(ds, xml, source=source, supersedes=supersedes), actor=self.actor(),
                                 now=self.clock.now_iso(), note=note or source)

    def save_set(self, ds: DocumentSet, *, source: str = "built", supersedes: int | None = None,
                 note: str = "") -> SetInfo:
        """Store a new draft set; returns its listing."""
        xml = kedu_writer.write_set(ds)
        set_id = self.insert(ds, xml, source=source, supersedes=supersedes, note=note)
        self.events.publish("documents.changed", set_id=set_id)
        return self.get_info(set_id)

    def _replace_xml(self, set_id: int, ds: DocumentSet, note: str, *, rebuilt: bool = False) -> None:
        new = self.new_set(ds, kedu_writer.write_set(ds))
        # rebuilt from the register: the figures used now are what counts
        self.store.replace_xml(set_id, new, actor=self.actor(), now=self.clock.now_iso(), note=note,
                               params_note=new.params_note if rebuilt else None)

    # -- lifecycle -------------------------------------------------------------------------------
    def transition(self, set_id: int, to: SetStatus | str, note: str = "", *,
                   signed: Signed | None = None) -> SetInfo:
        """Move a set to ``to`` if the lifecycle allows it (used by signing and the gateway too);
        ``signed`` (the signed bytes) is stored in the same transaction."""
        to = SetStatus(to)

        def check(frm: SetStatus | None) -> None:
            if frm is None:
                raise UserFacingError(NO_SET(id=set_id))
            if to not in TRANSITIONS[frm]:
                if is_already_done(frm, to):  # another process made the same move a moment ago
                    raise self._already_done(set_id, frm, to)
                raise UserFacingError(BAD_TRANSITION(id=set_id, frm=str(frm), to=str(to)))

        self.store.move(set_id, to, check, actor=self.actor(), now=self.clock.now_iso(), note=note, signed=signed)
        self.events.publish("documents.changed", set_id=set_id)
        return self.get_info(set_id)

    def _already_done(self, set_id: int, status: SetStatus, reached: SetStatus) -> AlreadyDone:
        """``AlreadyDone`` naming who moved ``set_id`` into ``reached`` (its latest such transition)."""
        actor, at = self.store.last_transition_to(set_id, reached)
        return AlreadyDone(set_id, status, actor, at)

    def verify(self, set_id: int) -> VerifyOutcome:
        """Schema validation + the verification rules; draft → verified only without errors."""
        from .verification import Finding, Severity, VerificationContext, verify_set

        info = self.get_info(set_id)
        xml = self.get_xml(set_id, signed=False)
        findings: list[Finding] = [
            Finding("R-XSD-001", Severity.ERROR, p.document or "SET", p.block, p.field, p.message, p.block_index)
            for p in kedu_schema.validate_bytes(xml, self.official_schema)]
        ds = self.get_set(set_id)
        context = VerificationContext(params_store=self.params)
        if info.payer_id is not None:
            payer = self.register.get_payer(info.payer_id)
            on = ds.period.last_day() if ds.period else None
            context = VerificationContext(
                params_store=self.params,
                payer=payer, insured=self.register.list_insured(info.payer_id, on=on),
                prior_cumulative_bases=self.prior_bases(info.payer_id, ds.period, exclude=set_id)
                if ds.period and info.kind == "monthly" else {})
        context.today = self.clock.today()
        findings += verify_set(ds, context)
        ok = not any(f.is_error for f in findings)
        stored = json.dumps([f.as_dict() for f in findings], ensure_ascii=False)

        def decide(status: SetStatus) -> SetStatus:
            if status == SetStatus.DRAFT and ok:
                return SetStatus.VERIFIED
            if status == SetStatus.VERIFIED and not ok:
                return SetStatus.DRAFT
            return status

        status = self.store.record_verification(set_id, stored, decide, actor=self.actor(),
                                                now=self.clock.now_iso())
        outcome = VerifyOutcome(set_id, status, findings)
        self.events.publish("documents.changed", set_id=set_id)
        return outcome

    def mark_signed(self, set_id: int, signed_xml: bytes, signer_info: str) -> SetInfo:
        """Store the signed bytes (byte-exact) of a verified set and move it to ``signed``."""
        from .. import xmlsafe

        info = self.get_info(set_id)
        self.check_hold(set_id)
        if info.status in SIGNED_OR_LATER:  # signed by another process since this one read it
            raise self._already_done(set_id, info.status, SetStatus.SIGNED)
        if info.status != SetStatus.VERIFIED:
            raise UserFacingError(NOT_VERIFIED(id=set_id))
        signed = kedu_reader.read(signed_xml, official=self.official_schema)
        if not signed.signed:
            raise xmlsafe.UnsafeXml(NO_SIGNATURE)
        if signed.documents != kedu_reader.read(self.get_xml(set_id, signed=False)).documents:
            raise UserFacingError(SIGNED_MISMATCH(id=set_id))
        return self.transition(set_id, SetStatus.SIGNED, note=signer_info,
                               signed=Signed(signed_xml, sha256_hex(signed_xml), signer_info))

    # -- building --------------------------------------------------------------------------------
    def prior_bases(self, payer_id: int, period: Period | None, exclude: int | None = None) -> dict[str, Decimal]:
        """Per person: the emerytalne/rentowe bases of earlier months of the same year (30× cap)."""
        totals: dict[str, Decimal] = {}
        if period is None:
            return totals
        for month in range(1, period.month):
            info = self.latest_monthly(payer_id, Period(period.year, month))
            if info is None or info.id == exclude or info.status == SetStatus.REJECTED:
                continue
            ds = self.get_set(info.id)
            for block in ds.rca_blocks:
                key = block.person.identifier
                totals[key] = totals.get(key, Decimal("0.00")) + block.pension_base
            dra = ds.dra
            if dra is not None and dra.self_title is not None and not ds.rca_blocks:
                key = dra.payer.pesel
                totals[key] = totals.get(key, Decimal("0.00")) + dra.self_pension_base
        return totals

    def _build(self, payer_id: int, period: Period, *, inputs: builder.MonthInputs | None, number: str,
               correction_of: int | None) -> DocumentSet:
        params = params_for(period, self.params)  # no parameters for the year: a clear error, nothing built
        payer = self.register.get_payer(payer_id)
        insured = self.register.list_insured(payer_id, on=period.last_day(), active_only=True)
        previous_info = self.latest_monthly(payer_id, period.prev())
        previous = self.get_set(previous_info.id) if previous_info else None
        inputs = inputs or builder.MonthInputs()
        by_id = {p.id: p for p in insured}
        for absence in self.absences.in_period(payer_id, period):
            person = by_id.get(absence.insured_id)
            if person is not None:
                item = absence.part_in(period, InsuranceTitle.parse(person.record.insurance_title_code))
                month = inputs.persons.setdefault(builder.identifier(person), builder.PersonMonth())
                month.absences.append(item)  # type: ignore[arg-type]
        return builder.build_monthly(payer, insured, period, prior_bases=self.prior_bases(payer_id, period),
                                     previous=previous, inputs=inputs, number=number,
                                     correction_of=correction_of, today=self.clock.today(), params=params)

    def build_monthly(self, payer_id: int, period: Period, *, inputs: builder.MonthInputs | None = None,
                      rebuild: bool = False) -> SetInfo:
        """The month's set; an existing draft/verified one is returned (or rebuilt with ``rebuild``)."""
        existing = self.latest_monthly(payer_id, period)
        if existing is not None and existing.status not in (SetStatus.DRAFT, SetStatus.VERIFIED):
            if not rebuild:
                return existing
            raise UserFacingError(ALREADY_SIGNED(period=str(period), number=existing.number),
                                  hint=ALREADY_SIGNED_HINT(id=existing.id))
        if existing is not None and not rebuild:
            return existing
        number = existing.number if existing else "01"
        correction_of = existing.correction_of if existing else None
        ds = self._build(payer_id, period, inputs=inputs, number=number, correction_of=correction_of)
        if existing is not None:
            self._replace_xml(existing.id, ds, "rebuilt from the register", rebuilt=True)
            return self.get_info(existing.id)
        # another process (a second month-end run) may have built the same month meanwhile
        set_id = self.store.insert_unless_built(self.new_set(ds, kedu_writer.write_set(ds), source="built"),
                                                actor=self.actor(), now=self.clock.now_iso(), note="built")
        self.events.publish("documents.changed", set_id=set_id)
        return self.get_info(set_id)

    def build_correction(self, set_id: int, inputs: builder.MonthInputs | None = None) -> SetInfo:
        """A korekta of a monthly set: next declaration number, referencing the corrected set."""
        info = self.get_info(set_id)
        if info.payer_id is None or not info.period:
            raise UserFacingError(NO_SET(id=set_id))
        period = Period.parse(info.period)
        numbers = [s.number for s in self.list_sets(payer_id=info.payer_id, period=period, kind="monthly")]
        ds = self._build(info.payer_id, period, inputs=inputs, number=builder.next_number(numbers),
                         correction_of=set_id)
        return self.save_set(ds, source="correction", note=f"correction of set {set_id}")

    def build_registration(self, payer_id: int, person_id: int, form: str, **options: Any) -> SetInfo:
        """A ZUA/ZZA/ZWUA set for one insured person (``options`` go to ``builder.<form>_for``)."""
        payer = self.register.get_payer(payer_id)
        person = self.register.get_insured(person_id)
        makers: dict[str, Callable[..., Any]] = {"ZUA": builder.zua_for, "ZZA": builder.zza_for,
                                                 "ZWUA": builder.zwua_for}
        make = makers[form.upper()]
        options.setdefault("today", self.clock.today())
        doc = make(payer, person, **options)
        on = getattr(doc, "insurance_from", None) or getattr(doc, "health_from", None) \
            or getattr(doc, "deregistration_date", None)
        return self.save_set(builder.registration_set(payer, [doc], on), source=f"registration:{form.upper()}")

    # -- editing and files -----------------------------------------------------------------------
    def edit_field(self, set_id: int, form: str, field: str, value: Any, block_id: int | None = None) -> SetInfo:
        from .editing import apply_edit

        info = self.get_info(set_id)
        self.check_hold(set_id)
        ds = self.get_set(set_id)
        ds.provisional = [_NoteEntry(item) for item in info.params_note]  # an edit keeps what it was computed with
        apply_edit(ds, form, field, value, block_id)
        note = f"edit {form} {field}{f' [{block_id}]' if block_id else ''} = {value}"
        if info.status in (SetStatus.DRAFT, SetStatus.VERIFIED):
            self._replace_xml(set_id, ds, note)
            return self.get_info(set_id)
        if info.status in (SetStatus.SENT, SetStatus.ACCEPTED):
            numbers = [s.number for s in self.list_sets(payer_id=info.payer_id, period=info.period or None,
                                                        kind=info.kind)]
            ds.number = builder.next_number(numbers)
            for doc in ds.documents:
                if hasattr(doc, "number"):
                    doc.number = ds.number
            ds.correction_of = set_id
            return self.save_set(ds, source="correction", note=note)
        ds.correction_of = info.correction_of
        return self.save_set(ds, source="edit", supersedes=set_id, note=note)

    def export(self, set_id: int, path: Path | str) -> Path:
        """Write the set's KEDU file atomically; an unsigned set must be schema-valid."""
        info = self.get_info(set_id)
        data = self.get_xml(set_id)
        if info.signed_sha256 is None:
            problems = kedu_schema.validate_bytes(data, self.official_schema)
            if problems:
                raise UserFacingError(_fmt(EXPORT_INVALID, id=set_id, count=len(problems), first=problems[0]),
                                      hint=EXPORT_HINT)
        atomic_write_bytes(Path(path), data)
        return Path(path)

    def import_file(self, path: Path | str, *, into_register: bool = False,
                    pick: set[int] | None = None) -> ImportResult:
        """Import a KEDU file all-or-nothing (``pick``: only these sets of ``preview_import``)."""
        from .importer import import_kedu

        return import_kedu(self, Path(path), into_register=into_register, pick=pick)

    def preview_import(self, path: Path | str) -> list[ImportCandidate]:
        from .importer import preview_kedu

        return preview_kedu(self, Path(path))


class _NoteEntry:
    """A stored ``params_note`` item standing in for the parameter entry it was made from."""

    def __init__(self, item: dict[str, Any]) -> None:
        self.item = item

    def as_dict(self) -> dict[str, Any]:
        return dict(self.item)


def _fmt(template: Text, **params: Any) -> Text:
    def side(lang: str) -> dict[str, Any]:
        return {k: (v.render(lang) if hasattr(v, "render") else v) for k, v in params.items()}
    return Text(template.pl.format(**side("pl")), template.en.format(**side("en")))
