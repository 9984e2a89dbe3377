"""``GatewayService``: which gateway, submit signed sets, drive the outbox, the receipts archive.

Which gateway is the ``GatewayLocator``'s answer (``gateway/locator.py``: the ``--gateway`` override,
else the ``gateway.profile`` setting); ``active_profile()`` says which, for the UI to show at all
times. Calls go through a ``GatewayTransport`` (``gateway/transport.py``) on the program's one HTTP
transport. Its collaborators come in its constructor (only ``app.py`` builds it); the documents
area is reached through the narrow ``ports.SetLifecycle``.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from .. import __version__
from ..errors import Cancelled, UserFacingError
from ..fsutil import sha256_hex
from ..i18n import Text, t
from ..net import OUTBOX_RETRY, CancelToken
from ..proc import ProcessId
from ..progress import Progress
from . import protocol
from .elsewhere import made_elsewhere
from .evidence import EvidenceCheck, check_evidence
from .locator import ActiveProfile
from .outbox import ACTIVE_STATES as ACTIVE
from .outbox import FINAL_STATES as FINAL
from .outbox import Filter, Pin, Submission, iso_in, now_iso
from .package import build_package
from .receipts import ReceiptArchive, text_json
from .set_lifecycle import advance
from .summary import KeduSummary, PackageReader, summarise
from .transport import GatewayTransport, GatewayUnavailable, JsonGatewayTransport

if TYPE_CHECKING:
    from ..clock import Clock
    from ..events import EventBus
    from ..signing.xades import SignatureInfo
    from .locator import GatewayLocator
    from .outbox_store import OutboxStore
    from .ports import SetLifecycle

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
NETWORK_WORKERS = 2  # the work per call is mostly Python (GIL-bound); more threads only add contention
LEASE_SECONDS = 60.0  # a claim's least lease; a claimant that ended on this computer frees it at once
BULK_POLL_MIN = 8  # from this many packages waiting at one gateway, poll its index instead

NOT_SIGNED = t("Plik {name} nie jest podpisany — ZUS przyjmuje tylko podpisane dokumenty.",
               "The file {name} is not signed — ZUS accepts only signed documents.")
NOT_SIGNED_HINT = t("Podpisz go (eplatnik-cli sign …) i wyślij ponownie.",
                    "Sign it (eplatnik-cli sign …) and send it again.")
PACKAGE_CHANGED = t("Plik przesyłki zmienił się na dysku od zapisania w skrzynce nadawczej; nie zostanie wysłany.",
                    "The package file changed on disk since it was stored in the outbox; it will not be sent.")


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
            self._loop(wanted, deadline, progress, cancel, finished, clients, me)
        finally:
            self.outbox.claims.release(me)
        subs = self.outbox.many(sorted(wanted)) if wanted else self.outbox.list(limit=1000)
        return RunResult(done=[s for s in subs if s.state in FINAL], pending=[s for s in subs if s.state not in FINAL])

    def _claimed_due(self, wanted: set[int] | None, me: ProcessId) -> tuple[list[Submission], bool]:
        """The due submissions this process holds now (fresh rows, read after the claim), and whether
        some due ones are held by another process."""
        due = [s for s in self.outbox.due() if wanted is None or s.id in wanted]
        if not due:
            return [], False
        held = self.outbox.claims.claim([s.id for s in due], me, self.clock.now(), self.lease_seconds())
        fresh = {s.id: s for s in self.outbox.many(sorted(held))}
        now = now_iso(self.clock)
        mine = [fresh[s.id] for s in due if s.id in fresh and fresh[s.id].state in ACTIVE
                and fresh[s.id].next_attempt_at <= now]
        return mine, len(held) < len(due)

    def lease_seconds(self) -> float:
        """How long a claim holds if this process goes silent (a call may take the whole timeout)."""
        return max(LEASE_SECONDS, 4.0 * float(self._timeout()))

    def _loop(self, wanted: set[int] | None, deadline: float, progress: Progress | None, cancel: threading.Event,
              finished: set[int], clients: dict[str, GatewayTransport], me: ProcessId) -> None:
        with ThreadPoolExecutor(max_workers=NETWORK_WORKERS, thread_name_prefix="eplatnik-gateway") as pool:
            while True:
                if progress is not None:
                    progress.check()
                if cancel.is_set():
                    raise Cancelled()
                due, others_working = self._claimed_due(wanted, me)
                for sub in due:
                    if sub.gateway_url not in clients:
                        clients[sub.gateway_url] = self.client(self._url_for(sub), progress, cancel)
                due = self._skip_unfinished(due, clients)
                for sub, state in zip(due, pool.map(lambda s: self._step(s, clients[s.gateway_url]), due)):
                    if state in FINAL and sub.id not in finished:
                        finished.add(sub.id)
                        if progress is not None:
                            progress.step(message=f"{sub.payer_name or sub.source_name}: {state}")
                if self.outbox.active_count(list(wanted) if wanted else None) == 0:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                pause = min(self.poll_seconds, left)
                next_at = self.outbox.next_due_at()
                if next_at and not others_working:  # rows another process holds are due yet not ours
                    until = (dt.datetime.fromisoformat(next_at) - self.clock.now()).total_seconds()
                    pause = min(pause, max(until, 0.02))
                if cancel.wait(pause):
                    raise Cancelled()

    def _skip_unfinished(self, due: list[Submission], clients: dict[str, GatewayTransport]) -> list[Submission]:
        """With many packages waiting, ask the gateway for its index once (EWD PobierzIndexPrzesylek)
        instead of one confirmation request per package; fetch confirmations only for those done."""
        waiting: dict[str, list[Submission]] = {}
        for sub in due:
            if sub.reference and sub.state != "failed_retryable":
                waiting.setdefault(sub.gateway_url, []).append(sub)
        skip: set[int] = set()
        for url, subs in waiting.items():
            if len(subs) < BULK_POLL_MIN:
                continue
            earliest = min(s.sent_at or s.created_at for s in subs)
            since = (dt.datetime.fromisoformat(earliest) - dt.timedelta(days=1)).isoformat()
            try:
                index = {row["reference"]: int(row["status"]) for row in clients[url].index(since, limit=10000)}
            except (GatewayUnavailable, UserFacingError, KeyError, ValueError, TypeError):
                continue  # fall back to one confirmation request per package
            for sub in subs:
                status = index.get(sub.reference or "")
                if status is not None and protocol.is_in_progress(status):
                    skip.add(sub.id)
                    state = "in_progress" if status == protocol.PROCESSING else "sent"
                    self.outbox.update(sub.id, state=state, gateway_status=status,
                                       next_attempt_at=iso_in(self.clock, self.poll_seconds))
        return [s for s in due if s.id not in skip]

    def _url_for(self, sub: Submission) -> str:
        """Embedded-sandbox rows follow the sandbox to its current port; others keep their URL."""
        if sub.profile == "sandbox" and sub.gateway_key == "sandbox":
            return self._embedded_sandbox_url()
        return sub.gateway_url

    def _step(self, sub: Submission, client: GatewayTransport) -> str:
        try:
            if sub.reference is None:
                return self._send(sub, client)
            return self._handle(sub, client.confirmation(sub.reference))
        except Cancelled:
            raise
        except (GatewayUnavailable, UserFacingError) as exc:
            attempts = sub.attempts + 1
            delay = OUTBOX_RETRY.delay(attempts - 1)
            self.outbox.update(sub.id, state="failed_retryable", attempts=attempts,
                               next_attempt_at=iso_in(self.clock, delay),
                               last_error=text_json(exc.text))
            return "failed_retryable"

    def _send(self, sub: Submission, client: GatewayTransport) -> str:
        package = self.archive.read(sub.package_path)
        if protocol.sha256_b64(package) != sub.package_sha256:
            self.outbox.update(sub.id, state="failed", last_error=text_json(PACKAGE_CHANGED))
            return "failed"
        self.outbox.update(sub.id, attempts=sub.attempts + 1)
        answer = client.submit(protocol.SubmitRequest(
            package=package, package_sha256=sub.package_sha256, package_type=sub.package_type,
            idempotency_key=sub.idempotency_key, producer="eplatnik", software="eplatnik", version=__version__))
        return self._handle(sub, answer)

    def _handle(self, sub: Submission, answer: protocol.Confirmation) -> str:
        status = answer.status
        if status == protocol.NO_SUCH_PACKAGE and sub.reference:
            # the gateway lost it (e.g. its state was reset): send the same bytes again, same key
            self.outbox.update(sub.id, state="queued", reference=None, next_attempt_at=now_iso(self.clock))
            return "queued"
        if status < 200:
            self.outbox.update(sub.id, state="failed", gateway_status=status,
                               last_error=text_json(protocol.status_text(status)))
            self._set_state(sub, "failed")
            return "failed"
        if answer.reference and sub.reference != answer.reference:
            self.outbox.update(sub.id, reference=answer.reference, sent_at=now_iso(self.clock))
            sub = dataclasses.replace(sub, reference=answer.reference)
            self._set_state(sub, "sent")
        if protocol.is_final(status):
            if answer.receipt is None:
                self.outbox.update(sub.id, gateway_status=status,
                                   next_attempt_at=iso_in(self.clock, self.poll_seconds))
                return sub.state
            state = self.archive.accept(sub, answer.receipt, status)
            self._set_state(sub, state)
            self.events.publish("gateway.submission", id=sub.id, state=state)
            return state
        state = "in_progress" if status == protocol.PROCESSING else "sent"
        self.outbox.update(sub.id, state=state, gateway_status=status, last_error="",
                           next_attempt_at=iso_in(self.clock, self.poll_seconds))
        return state

    def _set_state(self, sub: Submission, state: str) -> None:
        """Move the workspace document set along its lifecycle (queued → sent → accepted|rejected)."""
        if sub.document_set_id is None:
            return
        advance(self.documents, sub.document_set_id, state, sub.reference)

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
