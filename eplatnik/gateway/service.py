"""``GatewayService``: which gateway, submit signed sets, drive the outbox, the receipts archive.

Which gateway is the ``GatewayLocator``'s answer (``gateway/locator.py``: the ``--gateway`` override,
else the ``gateway.profile`` setting); ``active_profile()`` says which, for the UI to show at all
times. Calls go through a ``GatewayTransport`` (``gateway/transport.py``) on the program's one HTTP
transport. Its collaborators come in its constructor (only ``app.py`` builds it); the documents
area is reached through the narrow ``ports.SetLifecycle``. ``process`` drives the outbox with an
``OutboxRun`` (``gateway/outbox_run.py``: claim, send, poll, record each answer).
"""

from __future__ import annotations

import builtins
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from ..errors import UserFacingError
from ..fsutil import sha256_hex
from ..i18n import Text, t
from ..net import CancelToken
from ..proc import ProcessId
from ..progress import Progress
from . import protocol
from .elsewhere import made_elsewhere
from .evidence import EvidenceCheck, check_evidence
from .locator import ActiveProfile
from .outbox import FINAL_STATES as FINAL
from .outbox import Filter, Pin, Submission, now_iso
from .outbox_run import OutboxRun, set_state
from .package import build_package
from .receipts import ReceiptArchive, text_json
from .summary import KeduSummary, PackageReader, summarise
from .transport import GatewayTransport, JsonGatewayTransport

if TYPE_CHECKING:
    from ..clock import Clock
    from ..events import EventBus
    from ..signing.xades import SignatureInfo
    from .locator import GatewayLocator
    from .outbox_store import OutboxStore
    from .ports import SetLifecycle

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
LEASE_SECONDS = 60.0  # a claim's least lease; a claimant that ended on this computer frees it at once

NOT_SIGNED = t("Plik {name} nie jest podpisany — ZUS przyjmuje tylko podpisane dokumenty.",
               "The file {name} is not signed — ZUS accepts only signed documents.")
NOT_SIGNED_HINT = t("Podpisz go (eplatnik-cli sign …) i wyślij ponownie.",
                    "Sign it (eplatnik-cli sign …) and send it again.")


@dataclass
class RunResult:
    done: list[Submission]
    pending: list[Submission]


class GatewayService:
    def __init__(self, outbox: OutboxStore, *, locator: GatewayLocator, archive: ReceiptArchive,
                 transport: Callable[[str, CancelToken], JsonGatewayTransport], timeout: Callable[[], float],
                 documents: SetLifecycle, verify_stored: Callable[[bytes], SignatureInfo], clock: Clock,
                 events: EventBus, actor: Callable[[], str], sandbox_dir: Path,
                 packages: Sequence[PackageReader] = ()) -> None:
        """``transport(url, cancel)``: the gateway's calls at ``url`` on the program's HTTP transport;
        ``timeout()``: seconds one call may take (setting gateway.timeout_seconds); ``verify_stored``:
        the signing area's check of a stored signed document; ``sandbox_dir``: the embedded sandbox's state;
        ``packages``: readers of what is sent besides KEDU files (relief applications)."""
        self.outbox = outbox
        self.locator = locator
        self.archive = archive
        self._transport = transport
        self._timeout = timeout
        self.documents = documents
        self._verify_stored = verify_stored
        self.clock = clock
        self.events = events
        self.actor = actor
        self._sandbox_dir = Path(sandbox_dir)
        self._packages = tuple(packages)
        self._swept = False
        self.poll_seconds = POLL_SECONDS

    # -- which gateway (GatewayLocator, shared with letters and e-visits) -------------------------
    def active_profile(self) -> ActiveProfile:
        return self.locator.active_profile()

    def gateway_key(self) -> str:
        return self.locator.key()

    def gateway_url(self) -> str:
        return self.locator.url()

    def sandbox_state_dir(self) -> Path:
        return self._sandbox_dir

    def _embedded_sandbox_url(self) -> str:
        return self.locator.sandbox_url()

    def client(self, url: str | None = None, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> JsonGatewayTransport:
        """The gateway's calls on the program's HTTP transport, stopped by ``cancel`` or ``progress``
        (also in the middle of a call). The sandbox's JSON protocol is the only one today; a transport
        for ZUS's real EWD interface would be chosen here by the profile."""
        return self._transport(url or self.gateway_url(), CancelToken.following(cancel, progress))

    def ensure_pin(self, client: GatewayTransport | None = None) -> Pin:
        """The pinned gateway certificates (fetched and pinned at first contact)."""
        key = self.gateway_key()
        pin = self.outbox.pin(key)
        if pin is not None:
            return pin
        certs = (client or self.client()).certificates()
        receipt_pem = certs.receipt_signing.public_bytes(serialization.Encoding.PEM).decode("ascii")
        return self.outbox.save_pin(Pin(
            gateway_key=key, encryption_cert=certs.encryption.public_bytes(serialization.Encoding.PEM).decode(),
            receipt_cert=receipt_pem,
            receipt_cert_sha256=certs.receipt_signing.fingerprint(_sha256()).hex(),
            pinned_at=now_iso(self.clock)))

    # -- submit -----------------------------------------------------------------------------------
    def enqueue(self, signed_kedu: bytes, *, source_name: str = "", document_set_id: int | None = None,
                client: GatewayTransport | None = None) -> Submission:
        """Store a signed KEDU as a queued submission (files first, then the row with its key).

        Exactly once across processes: when a live submission (not rejected or failed) of the same
        signed document or workspace set exists — made earlier, or by another process a moment ago —
        that one is returned and nothing new is built or sent; ``made_elsewhere`` says by whom. The
        row is claimed by the database's unique index (``outbox_store``), never by "check, then insert".
        """
        summary = self.summarise(signed_kedu)
        if not summary.signed:
            raise UserFacingError(NOT_SIGNED(name=source_name or "KEDU"), hint=NOT_SIGNED_HINT)
        document_sha256 = sha256_hex(signed_kedu)
        if document_set_id is None:
            document_set_id = self._stored_set(document_sha256, summary.period)
        earlier = self.outbox.live_for(document_sha256, document_set_id)
        if earlier is not None:
            return earlier
        url = self.gateway_url()
        pin = self.ensure_pin(client or self.client(url))
        package = build_package(signed_kedu, x509.load_pem_x509_certificate(pin.encryption_cert.encode("ascii")),
                                summary.package_type)
        key = str(uuid.uuid4())
        folder = self.archive.folder(summary.period, summary.payer_nip)
        suffix = "kedu.xml" if summary.package_type == protocol.PACKAGE_TYPE else "wniosek.xml"
        document_path = self.archive.write(folder / f"{key}.{suffix}", signed_kedu)
        package_path = self.archive.write(folder / f"{key}.p7m", package.data)
        profile = self.active_profile()
        sub, created = self.outbox.add({
            "idempotency_key": key, "gateway_key": self.gateway_key(), "gateway_url": url, "profile": profile.name,
            "document_set_id": document_set_id, "source_name": source_name, "payer_nip": summary.payer_nip,
            "payer_pesel": summary.payer_pesel, "payer_name": summary.payer_name, "period": summary.period,
            "forms": ",".join(summary.forms), "document_path": document_path, "document_sha256": document_sha256,
            "package_path": package_path, "package_sha256": package.sha256_b64, "package_type": package.package_type,
            "receipt_cert_sha256": pin.receipt_cert_sha256, "actor": self.actor(),
            "created_by": str(ProcessId.current())})
        if not created:  # another process enqueued the same set between our look and our insert
            self.archive.discard(document_path, package_path)
            log.info("set %s already enqueued as submission %s by %s", document_set_id, sub.id, sub.created_by)
            return sub
        self._set_state(sub, "queued")
        self.events.publish("gateway.submission", id=sub.id, state="queued")
        return sub

    def summarise(self, data: bytes) -> KeduSummary:
        """What the outbox records about a signed package (a KEDU, or a kind the program added)."""
        return summarise(data, self._packages)

    def made_elsewhere(self, sub: Submission) -> Text | None:
        """"Already being sent by …" when another process (or an earlier run) made this submission."""
        return made_elsewhere(sub)

    def _stored_set(self, signed_sha256: str, period: str) -> int | None:
        """The workspace set whose signed bytes these are (a file exported, signed, then submitted)."""
        try:
            sets = self.documents.list_sets(period=period or None)
        except UserFacingError:
            return None
        return next((s.id for s in sets if s.signed_sha256 == signed_sha256), None)

    def submit_files(self, paths: list[Path], *, wait: float = 0.0, progress: Progress | None = None) -> RunResult:
        subs = [self.enqueue(Path(p).read_bytes(), source_name=Path(p).name) for p in paths]
        return self.process(ids=[s.id for s in subs], wait=wait, progress=progress)

    def submit_sets(self, set_ids: list[int], *, wait: float = 0.0, progress: Progress | None = None) -> RunResult:
        subs = [self.enqueue(self.documents.get_xml(i), source_name=f"set-{i}", document_set_id=i)
                for i in set_ids]
        return self.process(ids=[s.id for s in subs], wait=wait, progress=progress)

    # -- the outbox loop --------------------------------------------------------------------------
    def process(self, *, ids: list[int] | None = None, wait: float = 0.0, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> RunResult:
        """Send what is queued and poll what is in progress until done, or ``wait`` seconds pass.

        Only submissions this process has claimed are sent or polled (``outbox_store``); those
        another process is working on are left to it, and their outcome is read as it lands."""
        cancel = cancel or threading.Event()
        deadline = time.monotonic() + max(wait, 0.0)
        if not self._swept:  # once per program run: files of a crash between enqueue's two writes
            self._swept = True
            self.archive.sweep_unrecorded(self.outbox.file_paths())
        wanted = set(ids) if ids else None
        if progress is not None:
            progress.set_total(len(ids) if ids else self.outbox.active_count(),
                               t("Wysyłka i odbiór potwierdzeń", "Sending and collecting receipts").render())
        finished: set[int] = set()
        clients: dict[str, GatewayTransport] = {}
        me = ProcessId.current()
        try:
            run = OutboxRun(self.outbox, self.archive, documents=self.documents, clock=self.clock,
                            events=self.events, client=self.client, sandbox_url=self._embedded_sandbox_url,
                            poll_seconds=lambda: self.poll_seconds, lease_seconds=self.lease_seconds)
            run.loop(wanted, deadline, progress, cancel, finished, clients, me)
        finally:
            self.outbox.claims.release(me)
        subs = self.outbox.many(sorted(wanted)) if wanted else self.outbox.list(limit=1000)
        return RunResult(done=[s for s in subs if s.state in FINAL], pending=[s for s in subs if s.state not in FINAL])

    def lease_seconds(self) -> float:
        """How long a claim holds if this process goes silent (a call may take the whole timeout)."""
        return max(LEASE_SECONDS, 4.0 * float(self._timeout()))

    def _set_state(self, sub: Submission, state: str) -> None:
        set_state(self.documents, sub, state)

    # -- archive ----------------------------------------------------------------------------------
    def list(self, flt: Filter | None = None, *, offset: int = 0, limit: int = 200) -> list[Submission]:
        return self.outbox.list(flt, offset=offset, limit=limit)

    def count(self, flt: Filter | None = None) -> int:
        return self.outbox.count(flt)

    def get(self, submission_id: int) -> Submission | None:
        return self.outbox.get(submission_id)

    def by_reference(self, reference: str) -> Submission | None:
        return self.outbox.by_reference(reference)

    def check_evidence(self, sub: Submission) -> EvidenceCheck:
        """All the stored evidence of one submission (``evidence``): files against their recorded
        SHA-256, the receipt's signature and digests, the declaration's own signature and payer."""
        return check_evidence(self.archive, sub, self._verify_stored, self.summarise)

    def verify_all(self, progress: Progress | None = None) -> builtins.list[tuple[Submission, Text | None]]:
        """Re-verify the stored evidence of every submission with a receipt; flags (and records)
        those that fail."""
        results = []
        subs = self.outbox.with_receipts()
        if progress is not None:
            progress.set_total(len(subs))
        for sub in subs:
            result = self.check_evidence(sub)
            results.append((sub, result.problem))
            if not result.ok and sub.receipt_verified:
                # a receipt that verified once and no longer does: its file or the pin was changed
                self.outbox.set_receipt_check(sub.id, False, text_json(result.problem))  # type: ignore[arg-type]
                self.outbox.update(sub.id, state="receipt_invalid")
            if progress is not None:
                progress.step()
        return results


def _sha256() -> hashes.SHA256:
    return hashes.SHA256()
