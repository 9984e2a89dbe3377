"""DocumentService: stores document sets, runs their lifecycle, builds, verifies and exports them.

The KEDU XML is the record: a set's model is always read back from its stored bytes, so what is
shown, verified, signed and sent is the same thing. Lifecycle (ARCHITECTURE): draft → verified →
signed → queued → sent → accepted | rejected; editing a verified set makes it a draft again;
editing a signed set creates a new draft (same number), editing a sent one a correction.
Every transition is recorded with time and actor. All SQL of the area lives here and in
``importer.py``; writes go through ``db.transaction``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, sha256_hex
from ..i18n import Text, t
from ..period import Period
from ..settings import KEDU_SCHEMA
from . import builder, kedu_reader, kedu_schema, kedu_writer
from .absences import AbsenceStore
from .model import TRANSITIONS, DocumentSet, InsuranceTitle, SetKind, SetStatus
from .races import SIGNED_OR_LATER, AlreadyDone, is_already_done

if TYPE_CHECKING:
    from ..app import App
    from .verification import Finding

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


@dataclass
class SetInfo:
    """One stored set as listed (no XML parsing needed)."""
    id: int
    payer_id: int | None
    payer_nip: str
    payer_name: str
    period: str
    kind: str
    number: str
    status: SetStatus
    forms: str
    to_pay: Decimal
    xml_sha256: str
    signed_sha256: str | None
    correction_of: int | None
    supersedes: int | None
    source: str
    created_at: str
    created_by: str
    verified_at: str
    #: draft/forecast parameter entries the amounts were computed with (dicts: figure, from, value, status,
    #: source, final_when); empty when all were final or the program did not compute the set
    params_note: list[dict[str, Any]] = field(default_factory=list)

    @property
    def provisional_figures(self) -> bool:
        return bool(self.params_note)


@dataclass
class VerifyOutcome:
    set_id: int
    status: SetStatus
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def _info(row: sqlite3.Row) -> SetInfo:
    return SetInfo(row["id"], row["payer_id"], row["payer_nip"], row["payer_name"], row["period"], row["kind"],
                   row["number"], SetStatus(row["status"]), row["forms"], Decimal(row["to_pay"]),
                   row["xml_sha256"], row["signed_sha256"], row["correction_of"], row["supersedes"],
                   row["source"], row["created_at"], row["created_by"], row["verified_at"],
                   json.loads(row["params_note"]) if row["params_note"] else [])


def provisional_json(entries: list[Any]) -> str:
    """The parameter entries a set was computed with that are not final, for ``params_note``."""
    keep = ("figure", "from", "value", "status", "source", "final_when")
    return json.dumps([{k: v for k, v in e.as_dict().items() if k in keep} for e in entries],
                      ensure_ascii=False) if entries else ""


_INFO_COLUMNS = ("id, payer_id, payer_nip, payer_name, period, kind, number, status, forms, to_pay, xml_sha256, "
                 "signed_sha256, correction_of, supersedes, source, created_at, created_by, verified_at, params_note")


class DocumentService:
    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.db
        self.absences = AbsenceStore(app)

    @property
    def official_schema(self) -> str | None:
        return self.app.settings.get(KEDU_SCHEMA) or None

    # -- queries ---------------------------------------------------------------------------------
    def list_sets(self, payer_id: int | None = None, period: Period | str | None = None,
                  status: SetStatus | str | None = None, kind: str | None = None) -> list[SetInfo]:
        sql, params = f"SELECT {_INFO_COLUMNS} FROM document_sets WHERE 1=1", []
        for column, value in (("payer_id", payer_id), ("period", period and str(period)),
                              ("status", status and str(status)), ("kind", kind)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [_info(r) for r in self.db.query(sql + " ORDER BY period, payer_name, number, id", tuple(params))]

    def get_info(self, set_id: int) -> SetInfo:
        rows = self.db.query(f"SELECT {_INFO_COLUMNS} FROM document_sets WHERE id = ?", (set_id,))
        if not rows:
            raise UserFacingError(NO_SET(id=set_id))
        return _info(rows[0])

    def get_xml(self, set_id: int, *, signed: bool = True) -> bytes:
        """The set's KEDU bytes: the signed ones once signed (unless ``signed=False``)."""
        row = self.db.query("SELECT xml, signed_xml FROM document_sets WHERE id = ?", (set_id,))
        if not row:
            raise UserFacingError(NO_SET(id=set_id))
        return bytes(row[0]["signed_xml"] if signed and row[0]["signed_xml"] is not None else row[0]["xml"])

    def get_set(self, set_id: int) -> DocumentSet:
        info = self.get_info(set_id)
        kfile = kedu_reader.read(self.get_xml(set_id, signed=False), validate=False)
        ds = DocumentSet(payer=kfile.documents[0].payer if kfile.documents else DocumentSet().payer,
                         period=Period.parse(info.period) if info.period else None, kind=SetKind(info.kind),
                         documents=kfile.documents, number=info.number, correction_of=info.correction_of,
                         status=info.status, payer_id=info.payer_id, id=info.id)
        return ds

    def transitions(self, set_id: int) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT from_status, to_status, at, actor, note FROM document_transitions "
                             "WHERE set_id = ? ORDER BY id", (set_id,))
        return [dict(r) for r in rows]

    def params_notes(self, set_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """Set id → the draft/forecast figures it was computed with (only sets that have any)."""
        if not set_ids:
            return {}
        marks = ",".join("?" * len(set_ids))
        rows = self.db.query(f"SELECT id, params_note FROM document_sets WHERE params_note != '' AND id IN ({marks})",
                             tuple(set_ids))
        return {int(r["id"]): json.loads(r["params_note"]) for r in rows}

    def stored_findings(self, set_id: int) -> list[dict[str, Any]]:
        text = self.db.scalar("SELECT verification FROM document_sets WHERE id = ?", (set_id,))
        return json.loads(text) if text else []

    def latest_monthly(self, payer_id: int, period: Period) -> SetInfo | None:
        sets = list(self.list_sets(payer_id=payer_id, period=period, kind="monthly"))
        return max(sets, key=lambda s: (s.number, s.id)) if sets else None

    # -- storing ---------------------------------------------------------------------------------
    def _insert(self, conn: sqlite3.Connection, ds: DocumentSet, xml: bytes, *, source: str,
                supersedes: int | None = None, note: str = "") -> int:
        dra = ds.dra
        payer = ds.payer
        now = self.app.clock.now_iso()
        cur = conn.execute(
            "INSERT INTO document_sets (payer_id, payer_nip, payer_pesel, payer_name, period, kind, number, "
            "correction_of, supersedes, status, forms, to_pay, xml, xml_sha256, source, created_by, created_at, "
            "updated_at, params_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ds.payer_id, payer.nip, payer.pesel, payer.short_name or payer.last_name,
             str(ds.period) if ds.period else "", str(ds.kind), ds.number, ds.correction_of, supersedes,
             ",".join(d.kind for d in ds.documents), f"{dra.to_pay if dra else Decimal('0.00'):.2f}",
             xml, sha256_hex(xml), source, self.app.actor, now, now, provisional_json(ds.provisional)))
        set_id = int(cur.lastrowid)  # type: ignore[arg-type]
        self._write_documents(conn, set_id, ds)
        conn.execute("INSERT INTO document_transitions (set_id, from_status, to_status, actor, note, at, seat) "
                     "VALUES (?, '', 'draft', ?, ?, ?, ?)", (set_id, self.app.actor, note or source, now, self.db.seat))
        return set_id

    @staticmethod
    def _write_documents(conn: sqlite3.Connection, set_id: int, ds: DocumentSet) -> None:
        conn.execute("DELETE FROM documents WHERE set_id = ?", (set_id,))
        for n, doc in enumerate(ds.documents, 1):
            person = getattr(doc, "person", None) or getattr(doc, "new", None)
            conn.execute("INSERT INTO documents (set_id, position, form, blocks, person) VALUES (?, ?, ?, ?, ?)",
                         (set_id, n, doc.kind, len(getattr(doc, "blocks", ())),
                          person.identifier if person is not None else ""))

    def save_set(self, ds: DocumentSet, *, source: str = "built", supersedes: int | None = None,
                 note: str = "") -> SetInfo:
        """Store a new draft set; returns its listing."""
        xml = kedu_writer.write_set(ds)
        set_id = self.db.transaction(lambda c: self._insert(c, ds, xml, source=source, supersedes=supersedes,
                                                            note=note))
        self.app.events.publish("documents.changed", set_id=set_id)
        return self.get_info(set_id)

    def _replace_xml(self, conn: sqlite3.Connection, set_id: int, ds: DocumentSet, note: str, *,
                     rebuilt: bool = False) -> None:
        xml = kedu_writer.write_set(ds)
        status = conn.execute("SELECT status FROM document_sets WHERE id = ?", (set_id,)).fetchone()[0]
        dra = ds.dra
        conn.execute("UPDATE document_sets SET xml = ?, xml_sha256 = ?, status = 'draft', forms = ?, to_pay = ?, "
                     "verification = '', verified_at = '', updated_at = ? "
                     "WHERE id = ?", (xml, sha256_hex(xml), ",".join(d.kind for d in ds.documents),
                                      f"{dra.to_pay if dra else Decimal('0.00'):.2f}", self.app.clock.now_iso(),
                                      set_id))
        self._write_documents(conn, set_id, ds)
        if rebuilt:  # recomputed from the register: the figures used now are what counts
            conn.execute("UPDATE document_sets SET params_note = ? WHERE id = ?", (provisional_json(ds.provisional),
                                                                                  set_id))
        self._record(conn, set_id, SetStatus(status), SetStatus.DRAFT, note)

    def _record(self, conn: sqlite3.Connection, set_id: int, frm: SetStatus, to: SetStatus, note: str) -> None:
        conn.execute("INSERT INTO document_transitions (set_id, from_status, to_status, actor, note, at, seat) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (set_id, str(frm), str(to), self.app.actor, note, self.app.clock.now_iso(), self.db.seat))

    # -- lifecycle -------------------------------------------------------------------------------
    def transition(self, set_id: int, to: SetStatus | str, note: str = "",
                   extra: Callable[[sqlite3.Connection], None] | None = None) -> SetInfo:
        """Move a set to ``to`` if the lifecycle allows it (used by signing and the gateway too)."""
        to = SetStatus(to)

        def tx(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT status FROM document_sets WHERE id = ?", (set_id,)).fetchone()
            if row is None:
                raise UserFacingError(NO_SET(id=set_id))
            frm = SetStatus(row[0])
            if to not in TRANSITIONS[frm]:
                if is_already_done(frm, to):  # another process made the same move a moment ago
                    raise self._already_done(conn, set_id, frm, to)
                raise UserFacingError(BAD_TRANSITION(id=set_id, frm=str(frm), to=str(to)))
            if extra is not None:
                extra(conn)
            conn.execute("UPDATE document_sets SET status = ?, updated_at = ? WHERE id = ?",
                         (str(to), self.app.clock.now_iso(), set_id))
            self._record(conn, set_id, frm, to, note)

        self.db.transaction(tx)
        self.app.events.publish("documents.changed", set_id=set_id)
        return self.get_info(set_id)

    @staticmethod
    def _already_done(conn: sqlite3.Connection, set_id: int, status: SetStatus, reached: SetStatus) -> AlreadyDone:
        """``AlreadyDone`` naming who moved ``set_id`` into ``reached`` (its latest such transition)."""
        row = conn.execute("SELECT actor, at FROM document_transitions WHERE set_id = ? AND to_status = ? "
                           "ORDER BY id DESC LIMIT 1", (set_id, str(reached))).fetchone()
        return AlreadyDone(set_id, status, row[0] if row else "", row[1] if row else "")

    def verify(self, set_id: int) -> VerifyOutcome:
        """Schema validation + the verification rules; draft → verified only without errors."""
        from .verification import Finding, Severity, VerificationContext, verify_set

        info = self.get_info(set_id)
        xml = self.get_xml(set_id, signed=False)
        findings: list[Finding] = [
            Finding("R-XSD-001", Severity.ERROR, p.document or "SET", p.block, p.field, p.message, p.block_index)
            for p in kedu_schema.validate_bytes(xml, self.official_schema)]
        ds = self.get_set(set_id)
        context = VerificationContext(params_store=self.app.params)
        if info.payer_id is not None:
            payer = self.app.register.get_payer(info.payer_id)
            on = ds.period.last_day() if ds.period else None
            context = VerificationContext(
                params_store=self.app.params,
                payer=payer, insured=self.app.register.list_insured(info.payer_id, on=on),
                prior_cumulative_bases=self.prior_bases(info.payer_id, ds.period, exclude=set_id)
                if ds.period and info.kind == "monthly" else {})
        context.today = self.app.clock.today()
        findings += verify_set(ds, context)
        ok = not any(f.is_error for f in findings)
        stored = json.dumps([f.as_dict() for f in findings], ensure_ascii=False)

        def tx(conn: sqlite3.Connection) -> SetStatus:
            status = SetStatus(conn.execute("SELECT status FROM document_sets WHERE id = ?", (set_id,)).fetchone()[0])
            conn.execute("UPDATE document_sets SET verification = ?, verified_at = ? WHERE id = ?",
                         (stored, self.app.clock.now_iso(), set_id))
            new = status
            if status == SetStatus.DRAFT and ok:
                new = SetStatus.VERIFIED
            elif status == SetStatus.VERIFIED and not ok:
                new = SetStatus.DRAFT
            if new != status:
                conn.execute("UPDATE document_sets SET status = ? WHERE id = ?", (str(new), set_id))
                self._record(conn, set_id, status, new, "verification")
            return new

        outcome = VerifyOutcome(set_id, self.db.transaction(tx), findings)
        self.app.events.publish("documents.changed", set_id=set_id)
        return outcome

    def mark_signed(self, set_id: int, signed_xml: bytes, signer_info: str) -> SetInfo:
        """Store the signed bytes (byte-exact) of a verified set and move it to ``signed``."""
        from .. import xmlsafe

        info = self.get_info(set_id)
        if info.status in SIGNED_OR_LATER:  # signed by another process since this one read it
            raise self.db.run(lambda c: self._already_done(c, set_id, info.status, SetStatus.SIGNED))
        if info.status != SetStatus.VERIFIED:
            raise UserFacingError(NOT_VERIFIED(id=set_id))
        signed = kedu_reader.read(signed_xml, official=self.official_schema)
        if not signed.signed:
            raise xmlsafe.UnsafeXml(NO_SIGNATURE)
        if signed.documents != kedu_reader.read(self.get_xml(set_id, signed=False)).documents:
            raise UserFacingError(SIGNED_MISMATCH(id=set_id))

        def store(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE document_sets SET signed_xml = ?, signed_sha256 = ?, signer_info = ? WHERE id = ?",
                         (signed_xml, sha256_hex(signed_xml), signer_info, set_id))

        return self.transition(set_id, SetStatus.SIGNED, note=signer_info, extra=store)

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
        from .params import params_for

        params = params_for(period, self.app.params)  # no parameters for the year: a clear error, nothing built
        payer = self.app.register.get_payer(payer_id)
        insured = self.app.register.list_insured(payer_id, on=period.last_day(), active_only=True)
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
                                     correction_of=correction_of, today=self.app.clock.today(), params=params)

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
            self.db.transaction(lambda c: self._replace_xml(c, existing.id, ds, "rebuilt from the register",
                                                            rebuilt=True))
            return self.get_info(existing.id)
        xml = kedu_writer.write_set(ds)

        def insert_unless_built(conn: sqlite3.Connection) -> int:
            # another process (a second month-end run) may have built the same month meanwhile
            row = conn.execute("SELECT id FROM document_sets WHERE payer_id = ? AND period = ? AND kind = 'monthly' "
                               "ORDER BY number DESC, id DESC LIMIT 1", (payer_id, str(period))).fetchone()
            return int(row[0]) if row else self._insert(conn, ds, xml, source="built")

        set_id = self.db.transaction(insert_unless_built)
        self.app.events.publish("documents.changed", set_id=set_id)
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
        payer = self.app.register.get_payer(payer_id)
        person = self.app.register.get_insured(person_id)
        make = {"ZUA": builder.zua_for, "ZZA": builder.zza_for, "ZWUA": builder.zwua_for}[form.upper()]
        options.setdefault("today", self.app.clock.today())
        doc = make(payer, person, **options)
        on = getattr(doc, "insurance_from", None) or getattr(doc, "health_from", None) \
            or getattr(doc, "deregistration_date", None)
        return self.save_set(builder.registration_set(payer, [doc], on), source=f"registration:{form.upper()}")

    # -- editing and files -----------------------------------------------------------------------
    def edit_field(self, set_id: int, form: str, field: str, value: Any, block_id: int | None = None) -> SetInfo:
        from .editing import apply_edit

        info = self.get_info(set_id)
        ds = self.get_set(set_id)
        ds.provisional = [_NoteEntry(item) for item in info.params_note]  # an edit keeps what it was computed with
        apply_edit(ds, form, field, value, block_id)
        note = f"edit {form} {field}{f' [{block_id}]' if block_id else ''} = {value}"
        if info.status in (SetStatus.DRAFT, SetStatus.VERIFIED):
            self.db.transaction(lambda c: self._replace_xml(c, set_id, ds, note))
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

    def import_file(self, path: Path | str, *, into_register: bool = False, pick: set[int] | None = None):
        """Import a KEDU file all-or-nothing (``pick``: only these sets of ``preview_import``)."""
        from .importer import import_kedu

        return import_kedu(self, Path(path), into_register=into_register, pick=pick)

    def preview_import(self, path: Path | str):
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
