"""The outbox loop of ``GatewayService.process``: claim what is due, send it or poll the gateway for
its confirmation, record each answer, and repeat until everything asked for is final or the wait is over.

``GatewayService`` is the public face (which gateway, enqueue, the archive); an ``OutboxRun`` is one
call of its ``process``: made with the service's collaborators and settings at that moment (the poll
interval, the claim lease), it drives the submissions this process has claimed (``outbox_store``)
on a small thread pool and leaves those another process holds to it. A failed call is retried with
the program's one retry policy (``net.OUTBOX_RETRY``); the document set moves along its lifecycle
with each answer (``set_lifecycle.advance``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import Cancelled, UserFacingError
from ..i18n import t
from ..net import OUTBOX_RETRY
from ..proc import ProcessId
from ..progress import Progress
from . import protocol
from .outbox import ACTIVE_STATES as ACTIVE
from .outbox import FINAL_STATES as FINAL
from .outbox import Submission, iso_in, now_iso
from .receipts import ReceiptArchive, text_json
from .set_lifecycle import advance
from .transport import GatewayTransport, GatewayUnavailable

if TYPE_CHECKING:
    from ..clock import Clock
    from ..events import EventBus
    from .outbox_store import OutboxStore
    from .ports import SetLifecycle

NETWORK_WORKERS = 2  # the work per call is mostly Python (GIL-bound); more threads only add contention
BULK_POLL_MIN = 8  # from this many packages waiting at one gateway, poll its index instead

PACKAGE_CHANGED = t("Plik przesyłki zmienił się na dysku od zapisania w skrzynce nadawczej; nie zostanie wysłany.",
                    "The package file changed on disk since it was stored in the outbox; it will not be sent.")

#: the gateway's calls at a URL, stopped by the progress's cancel or the event (``GatewayService.client``)
ClientFactory = Callable[[str, "Progress | None", "threading.Event | None"], GatewayTransport]


def set_state(documents: SetLifecycle, sub: Submission, state: str) -> None:
    """Move the workspace document set along its lifecycle (queued → sent → accepted|rejected)."""
    if sub.document_set_id is None:
        return
    advance(documents, sub.document_set_id, state, sub.reference)


class OutboxRun:
    def __init__(self, outbox: OutboxStore, archive: ReceiptArchive, *, documents: SetLifecycle, clock: Clock,
                 events: EventBus, client: ClientFactory, sandbox_url: Callable[[], str],
                 poll_seconds: Callable[[], float], lease_seconds: Callable[[], float]) -> None:
        """``client``: the gateway's calls at a URL; ``sandbox_url()``: where the embedded sandbox is now;
        ``poll_seconds()``: the pause between polls; ``lease_seconds()``: how long a claim holds (both
        the service's, read when used)."""
        self.outbox = outbox
        self.archive = archive
        self.documents = documents
        self.clock = clock
        self.events = events
        self._client = client
        self._sandbox_url = sandbox_url
        self._poll_seconds = poll_seconds
        self._lease_seconds = lease_seconds

    def _claimed_due(self, wanted: set[int] | None, me: ProcessId) -> tuple[list[Submission], bool]:
        """The due submissions this process holds now (fresh rows, read after the claim), and whether
        some due ones are held by another process."""
        due = [s for s in self.outbox.due() if wanted is None or s.id in wanted]
        if not due:
            return [], False
        held = self.outbox.claims.claim([s.id for s in due], me, self.clock.now(), self._lease_seconds())
        fresh = {s.id: s for s in self.outbox.many(sorted(held))}
        now = now_iso(self.clock)
        mine = [fresh[s.id] for s in due if s.id in fresh and fresh[s.id].state in ACTIVE
                and fresh[s.id].next_attempt_at <= now]
        return mine, len(held) < len(due)

    def loop(self, wanted: set[int] | None, deadline: float, progress: Progress | None, cancel: threading.Event,
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
                        clients[sub.gateway_url] = self._client(self._url_for(sub), progress, cancel)
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
                pause = min(self._poll_seconds(), left)
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
                                       next_attempt_at=iso_in(self.clock, self._poll_seconds()))
        return [s for s in due if s.id not in skip]

    def _url_for(self, sub: Submission) -> str:
        """Embedded-sandbox rows follow the sandbox to its current port; others keep their URL."""
        if sub.profile == "sandbox" and sub.gateway_key == "sandbox":
            return self._sandbox_url()
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
            set_state(self.documents, sub, "failed")
            return "failed"
        if answer.reference and sub.reference != answer.reference:
            self.outbox.update(sub.id, reference=answer.reference, sent_at=now_iso(self.clock))
            sub = dataclasses.replace(sub, reference=answer.reference)
            set_state(self.documents, sub, "sent")
        if protocol.is_final(status):
            if answer.receipt is None:
                self.outbox.update(sub.id, gateway_status=status,
                                   next_attempt_at=iso_in(self.clock, self._poll_seconds()))
                return sub.state
            state = self.archive.accept(sub, answer.receipt, status)
            set_state(self.documents, sub, state)
            self.events.publish("gateway.submission", id=sub.id, state=state)
            return state
        state = "in_progress" if status == protocol.PROCESSING else "sent"
        self.outbox.update(sub.id, state=state, gateway_status=status, last_error="",
                           next_attempt_at=iso_in(self.clock, self._poll_seconds()))
        return state
