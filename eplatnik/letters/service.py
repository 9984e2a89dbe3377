"""``LettersService``: the inbox of letters from ZUS, opening them with a UPD, the evidence archive.

* ``sync()`` lists the letters of the payers this office's signers may act for (the register's
  accountants with a PESEL, or the signers given) and records them; new ones are announced on the
  event bus (``letters.arrived``) for the notifications.
* ``open(ref, source, prompt)`` opens one: a letter still awaiting is opened by signing a UPD
  (stored before it is sent; at most one per letter, so a retry after a crash or a lost answer
  sends the same bytes again); a letter already delivered (by another seat, or deemed delivered
  after 14 days) is fetched without one. The content is kept only when its digest is the one
  listed (and named in the UPD) and the gateway's seal verifies against the pinned certificate;
  otherwise it is kept aside under ``documents/letters/kept-aside/`` and never shown as genuine.
* ``views()`` — each letter with its delivery state, deemed-delivery day and appeal deadline, from
  the clock's today.

Evidence under ``documents/letters/<NIP>/``: ``<id>.letter.xml`` (sealed, byte-exact), ``<id>.pdf``
(the PDF inside it), ``<id>.<n>.upd.xml`` (the signed UPD, byte-exact).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cryptography import x509

from ..clock import Clock
from ..errors import UserFacingError
from ..events import EventBus
from ..fsutil import sha256_hex
from ..gateway.letters_protocol import ERR_NOT_AUTHORISED, LetterMeta
from ..gateway.protocol import sha256_b64
from ..gateway.transport import GatewayUnavailable
from ..i18n import Text, t
from ..store.evidence import EvidenceDamaged, EvidenceStore
from ..store.evidence import key as evidence_key
from .client import NOT_AUTHORISED_HINT, Delivered, LetterRefused, LettersTransport
from .delivery import Delivery, LetterKind, LetterState, delivery
from .store import LetterRecord, LettersStore

if TYPE_CHECKING:
    from ..signing.keysource import KeySource, PinPrompt

log = logging.getLogger(__name__)

NO_SUCH = t("Nie ma pisma {ref} w skrzynce (eplatnik-cli letters list).",
            "There is no letter {ref} in the inbox (eplatnik-cli letters list).")
NO_SUCH_HINT = t("Odśwież skrzynkę: eplatnik-cli letters list (pobiera nowe pisma z bramki).",
                 "Refresh the inbox: eplatnik-cli letters list (it fetches new letters from the gateway).")
NO_SIGNERS = t("Brak podpisujących: żaden księgowy w rejestrze nie ma numeru PESEL.",
               "No signers: no accountant in the register has a PESEL.")
NO_SIGNERS_HINT = t("Dodaj PESEL księgowego (Płatnicy → pełnomocnictwa) albo podaj --signer PESEL.",
                    "Add the accountant's PESEL (Payers → authorisations) or give --signer PESEL.")
OTHER_GATEWAY = t("Pismo {ref} pochodzi z innej bramki ({key}) niż aktywna ({active}).",
                  "The letter {ref} comes from another gateway ({key}) than the active one ({active}).")
KEPT_ASIDE = t("Pismo {ref} NIE jest wiarygodne i zostało odłożone na bok ({path}): {why}",
               "The letter {ref} is NOT genuine and was kept aside ({path}): {why}")
KEPT_ASIDE_HINT = t("Nie traktuj go jako doręczonego pisma ZUS; sprawdź certyfikat bramki "
                    "(eplatnik-cli gateway show) i skontaktuj się z ZUS.",
                    "Do not treat it as a delivered ZUS letter; check the gateway certificate "
                    "(eplatnik-cli gateway show) and contact ZUS.")
P_DIGEST = t("skrót treści nie zgadza się ze skrótem z listy pism (i z UPD)",
             "the content's digest differs from the one listed (and named in the UPD)")
P_MISMATCH = t("zapieczętowane dane pisma ({found}) nie zgadzają się z listą ({expected})",
               "the sealed letter's data ({found}) does not match the list ({expected})")
P_UNREADABLE = t("nie można odczytać pisma: {detail}", "the letter cannot be read: {detail}")
UPD_NOT_STORED = t("UPD pisma {ref} ({path}) różni się od podpisanego dla tego pisma — nie zostało wysłane.",
                   "The UPD of the letter {ref} ({path}) differs from the one signed for it — it was not sent.")
UPD_NOT_STORED_HINT = t("Plik zmieniono po podpisaniu: przywróć go z kopii zapasowej obszaru roboczego.",
                        "The file was changed after signing: restore it from a backup of the workspace.")
UPD_PENDING = t("UPD pisma {ref} jest podpisane i zapisane, ale bramka nie odpowiedziała: zostanie wysłane "
                "ponownie (to samo UPD) przy następnym otwarciu.",
                "The UPD of the letter {ref} is signed and stored, but the gateway did not answer: it will be "
                "sent again (the same UPD) the next time you open the letter.")


class PinnedCertificates(Protocol):
    @property
    def receipt_cert(self) -> str: ...   # PEM of the gateway's sealing certificate, pinned at first contact


class LettersGateway(Protocol):
    """What letters need of the gateway service: which gateway is active, and its pinned certificate."""

    def gateway_key(self) -> str: ...

    def ensure_pin(self) -> PinnedCertificates: ...


class LetterNotGenuine(UserFacingError):
    """The letter's content failed its checks; it is kept aside, never shown as genuine."""


def text_json(text: Text) -> str:
    return json.dumps({"pl": text.render("pl"), "en": text.render("en")}, ensure_ascii=False)


def text_of(stored: str, lang: str | None = None) -> str:
    from ..gateway.receipts import text_from_json

    return text_from_json(stored, lang)


@dataclass(frozen=True)
class LetterView:
    """A letter as the inbox shows it: the record and its delivery as of today."""

    record: LetterRecord
    delivery: Delivery

    @property
    def genuine(self) -> bool:
        return self.record.verified is True

    @property
    def kept_aside(self) -> bool:
        return self.record.verified is False

    @property
    def unread(self) -> bool:
        return not self.record.read_at

    def to_json(self) -> dict:
        r, d = self.record, self.delivery
        return {"id": r.letter_id, "row": r.id, "payer_nip": r.payer_nip, "payer_name": r.payer_name,
                "title": r.title, "kind": r.kind, "placed_at": r.placed_at, "state": d.state.value,
                "deemed_at": d.deemed_on.isoformat(), "delivered_on": d.delivered_on.isoformat()
                if d.delivered_on else None, "appeal_until": d.appeal_until.isoformat() if d.appeal_until else None,
                "days_left": d.days_left, "in_reply_to": r.in_reply_to, "content_sha256": r.content_sha256,
                "opened_here": bool(r.read_at), "genuine": self.genuine if r.verified is not None else None,
                "problem": text_of(r.problem) if r.problem else "", "content_path": r.content_path,
                "pdf_path": r.pdf_path, "upd_path": r.upd_path, "upd_state": r.upd_state}


@dataclass(frozen=True)
class SyncResult:
    new: list[LetterView]
    total: int


@dataclass(frozen=True)
class Opened:
    view: LetterView
    content: bytes
    pdf: bytes | None
    text: str
    upd: bytes | None          # the UPD signed here for it (None when none was needed)
    signed_now: bool           # a UPD was signed in this call


class LettersService:
    """``transport()`` gives the active gateway's letters calls (built per use: the gateway profile
    may change in Ustawienia); ``gateway`` says which gateway that is and pins its certificate."""

    def __init__(self, store: LettersStore, *, clock: Clock, events: EventBus, evidence: EvidenceStore,
                 gateway: LettersGateway, transport: Callable[[], LettersTransport],
                 signers: Callable[[], list[str]]) -> None:
        self.store = store
        self.clock = clock
        self.events = events
        #: where letters, their PDFs and the UPDs are kept (store/evidence.py: files, or the office database)
        self.evidence = evidence
        self.gateway = gateway
        self.transport = transport
        self.signers = signers

    # -- inbox -------------------------------------------------------------------------------------
    def view(self, record: LetterRecord) -> LetterView:
        opened = record.remote_delivered_at or (record.upd_signed_at if record.upd_state == "accepted" else "")
        return LetterView(record, delivery(dt.datetime.fromisoformat(record.placed_at), self.clock.today(),
                                           opened_at=dt.datetime.fromisoformat(opened) if opened else None,
                                           kind=_kind(record.kind)))

    def views(self, payer_nip: str = "") -> list[LetterView]:
        return [self.view(r) for r in self.store.list(payer_nip=payer_nip)]

    def unread_counts(self) -> dict[str, int]:
        return self.store.unread_by_payer()

    def find(self, ref: str | int) -> LetterRecord:
        text = str(ref).strip()
        record = self.store.get(int(text)) if text.isdigit() else self.store.by_letter_id(text)
        if record is None:
            raise UserFacingError(NO_SUCH(ref=text), hint=NO_SUCH_HINT)
        return record

    def sync(self, signers: list[str] | None = None) -> SyncResult:
        """Fetch the letters list from the active gateway and record it."""
        pesels = sorted({p for p in (signers if signers else self.signers()) if p})
        if not pesels:
            raise UserFacingError(NO_SIGNERS, hint=NO_SIGNERS_HINT)
        metas = self.transport().list(pesels)
        new_ids = self.store.upsert(self.gateway.gateway_key(), metas, self.clock.now_iso())
        new = [self.view(r) for r in self.store.many(new_ids)]
        if new:
            self.events.publish("letters.arrived", ids=new_ids,
                                payers=sorted({v.record.payer_nip for v in new}))
        self.events.publish("letters.changed")
        return SyncResult(new, len(metas))

    # -- opening -----------------------------------------------------------------------------------
    def open(self, ref: str | int, source: KeySource | None, prompt: PinPrompt | None) -> Opened:
        """Open a letter (signing a UPD when it awaits one) and keep its verified content."""
        record = self.find(ref)
        if record.verified is False:
            raise LetterNotGenuine(KEPT_ASIDE(ref=record.letter_id, path=record.content_path,
                                              why=text_of(record.problem)), hint=KEPT_ASIDE_HINT)
        if record.verified:
            return self._stored(record)
        if record.gateway_key != self.gateway.gateway_key():
            raise UserFacingError(OTHER_GATEWAY(ref=record.letter_id, key=record.gateway_key,
                                                active=self.gateway.gateway_key()))
        pinned = self._pinned()
        client = self.transport()
        meta = client.letter(record.letter_id)
        self.store.upsert(record.gateway_key, [meta], self.clock.now_iso())
        upd_bytes, signed_now = None, False
        existing = self.store.upd(record.id)
        if meta.state == LetterState.AWAITING.value or (existing is not None and existing.state == "signed"):
            if existing is not None and existing.state in ("signed", "accepted", "superseded"):
                upd_bytes = self.evidence.get(existing.path)   # never a second UPD
            else:
                if source is None or prompt is None:
                    from ..signing.service import NO_SOURCE, NO_SOURCE_HINT

                    raise UserFacingError(NO_SOURCE, hint=NO_SOURCE_HINT)
                upd_bytes = self._sign_upd(record, meta, source, prompt)
                signed_now = True
            delivered = self._send_upd(client, record, upd_bytes)
        else:
            delivered = client.content(record.letter_id)
        return self._keep(self.find(record.id), meta, delivered, pinned, upd_bytes, signed_now)

    def _pinned(self) -> x509.Certificate:
        pin = self.gateway.ensure_pin()
        return x509.load_pem_x509_certificate(pin.receipt_cert.encode("ascii"))

    def _folder(self, record: LetterRecord) -> Path:
        return Path("letters") / (record.payer_nip or "bez-nip")

    def _sign_upd(self, record: LetterRecord, meta: LetterMeta, source: KeySource, prompt: PinPrompt) -> bytes:
        from ..signing.certs import inspect_certificate
        from ..signing.keysource import check_usable
        from ..signing.xades_sign import sign_xml
        from .upd import build_upd

        with source.open(prompt) as key:   # wrong PIN, card pulled: raised here, nothing stored yet
            now = self.clock.now()
            check_usable(key.certificate, now)
            info = inspect_certificate(key.certificate, now=now)
            unsigned = build_upd(meta, info.common_name or info.owner, info.pesel or "", now)
            signed = sign_xml(unsigned, key, signing_time=now, description="UPD")
        relative = evidence_key(self._folder(record) / f"{record.letter_id}.{secrets.token_hex(4)}.upd.xml")
        self.evidence.put(relative, signed)
        signer = "; ".join(x for x in (info.owner, f"PESEL {info.pesel}" if info.pesel else "") if x)
        claimed = self.store.claim_upd(record.id, path=relative, sha256=sha256_b64(signed), signer=signer,
                                       signed_at=now.astimezone(dt.UTC).isoformat(timespec="milliseconds"))
        if claimed.path != relative:   # another process signed one first: use that, drop ours
            self.evidence.delete(relative)
            return self.evidence.get(claimed.path)
        return signed

    def _send_upd(self, client: LettersTransport, record: LetterRecord, upd: bytes) -> Delivered:
        """Send the letter's one UPD: only the bytes stored (and claimed) for it ever leave."""
        stored = self.store.upd(record.id)
        if stored is None or stored.sha256 != sha256_b64(upd):
            raise UserFacingError(UPD_NOT_STORED(ref=record.letter_id, path=stored.path if stored else "-"),
                                  hint=UPD_NOT_STORED_HINT)
        try:
            delivered = client.send_upd(record.letter_id, upd)
        except GatewayUnavailable as exc:
            raise UserFacingError(UPD_PENDING(ref=record.letter_id), hint=exc.text) from exc
        except LetterRefused as exc:
            self.store.set_upd(record.id, state="refused", answer=text_json(exc.text),
                               updated_at=self.clock.now_iso())
            raise UserFacingError(exc.text, hint=NOT_AUTHORISED_HINT if exc.code == ERR_NOT_AUTHORISED
                                  else None) from exc
        now = self.clock.now_iso()
        self.store.set_upd(record.id, state="superseded" if delivered.already_delivered else "accepted",
                           sent_at=now, updated_at=now)
        return delivered

    def _keep(self, record: LetterRecord, meta: LetterMeta, delivered: Delivered, pinned: x509.Certificate,
              upd: bytes | None, signed_now: bool) -> Opened:
        """Check the delivered content; store it as evidence, or keep it aside with the reason."""
        from .letter_xml import LetterUnreadable, parse_letter
        from .seal import SealInvalid, verify_seal

        content = delivered.content
        self.store.upsert(record.gateway_key, [delivered.letter], self.clock.now_iso())
        problem: Text | None = None
        document = None
        if sha256_b64(content) != record.content_sha256 or delivered.letter.content_sha256 != record.content_sha256:
            problem = P_DIGEST
        else:
            try:
                document = parse_letter(verify_seal(content, pinned))
            except SealInvalid as exc:
                problem = exc.reason
            except LetterUnreadable as exc:
                problem = P_UNREADABLE(detail=str(exc))
            if document is not None and (document.id, document.payer_nip) != (record.letter_id, record.payer_nip):
                problem = P_MISMATCH(found=f"{document.id}, NIP {document.payer_nip}",
                                     expected=f"{record.letter_id}, NIP {record.payer_nip}")
        now = self.clock.now_iso()
        if problem is not None:
            relative = f"letters/kept-aside/{record.letter_id}.{sha256_hex(content)[:12]}.xml"
            self.evidence.put(relative, content)
            self.store.update(record.id, verified=0, problem=text_json(problem), content_path=relative,
                              content_file_sha256=sha256_hex(content), updated_at=now)
            log.warning("letter %s kept aside: %s", record.letter_id, problem.render("en"))
            self.events.publish("letters.changed")
            raise LetterNotGenuine(KEPT_ASIDE(ref=record.letter_id, path=str(relative), why=problem.render()),
                                   hint=KEPT_ASIDE_HINT)
        assert document is not None
        folder = self._folder(record)
        content_rel = evidence_key(folder / f"{record.letter_id}.letter.xml")
        self.evidence.put(content_rel, content)
        pdf_rel = ""
        if document.pdf is not None:
            pdf_rel = evidence_key(folder / f"{record.letter_id}.pdf")
            self.evidence.put(pdf_rel, document.pdf)
        self.store.update(record.id, verified=1, problem="", content_path=content_rel,
                          content_file_sha256=sha256_hex(content), pdf_path=pdf_rel, read_at=now, updated_at=now)
        self.events.publish("letters.changed")
        fresh = self.find(record.id)
        return Opened(self.view(fresh), content, document.pdf, document.text, upd, signed_now)

    def _stored(self, record: LetterRecord) -> Opened:
        """A letter opened before: its evidence from disk, checked against the recorded digest."""
        from .letter_xml import parse_letter
        from .seal import SealInvalid, verify_seal

        try:
            content = self.evidence.get(record.content_path)
        except EvidenceDamaged:
            content = b""  # bytes that lost their stored digest: not genuine, as a changed file
        if sha256_hex(content) != record.content_file_sha256:
            raise LetterNotGenuine(KEPT_ASIDE(ref=record.letter_id, path=record.content_path,
                                              why=P_DIGEST.render()), hint=KEPT_ASIDE_HINT)
        pinned = x509.load_pem_x509_certificate(self.gateway.ensure_pin().receipt_cert.encode("ascii"))
        try:
            document = parse_letter(verify_seal(content, pinned))
        except SealInvalid as exc:
            raise LetterNotGenuine(KEPT_ASIDE(ref=record.letter_id, path=record.content_path,
                                              why=exc.reason.render()), hint=KEPT_ASIDE_HINT) from None
        upd = self.evidence.get(record.upd_path) if record.upd_path else None
        return Opened(self.view(record), content, document.pdf, document.text, upd, False)

    def path(self, relative: str) -> Path:
        """A file on this seat's disk with the stored bytes (an office's are copied out, checked)."""
        return self.evidence.local_path(relative)


def _kind(value: str) -> LetterKind:
    try:
        return LetterKind(value)
    except ValueError:
        return LetterKind.LETTER
