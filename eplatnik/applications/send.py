"""Sign a relief application (XAdES, the signer's key) and send it through the gateway's outbox.

The signed document goes through ``GatewayService.enqueue`` like a declaration: stored byte-exact
before it is sent, one submission per signed document, the gateway's receipt (UPP) verified and
kept. ZUS's answer comes later as a letter (``letters``), ``in_reply_to`` the submission's reference;
``send_and_fetch_answer`` asks the gateway for it right after the UPP (the sandbox places its
decision while it processes the application, a real office takes weeks — then the letter comes with
a later ``letters list`` or the GUI's periodic check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import UserFacingError
from ..progress import Progress
from .relief_xml import ReliefApplication

if TYPE_CHECKING:
    from ..clock import Clock
    from ..i18n import Text
    from ..signing.keysource import KeySource, PinPrompt

Submission = Any   # gateway.outbox.Submission
LetterView = Any   # letters.service.LetterView


class Outbox(Protocol):
    """The gateway's outbox as sending an application uses it (``GatewayService``)."""

    def enqueue(self, signed_kedu: bytes, *, source_name: str = "") -> Submission: ...

    def process(self, *, ids: list[int] | None = None, wait: float = 0.0, progress: Progress | None = None) -> Any: ...


class Letters(Protocol):
    """ZUS's letters as finding the answer uses them (``LettersService``)."""

    def views(self, payer_nip: str) -> list[LetterView]: ...

    def sync(self) -> Any: ...


@dataclass(frozen=True)
class Sent:
    submission: Submission
    answer: LetterView | None = None        # ZUS's decision, when it was already placed
    answer_problem: Text | None = None      # why the letters could not be fetched (the sending still counts)


class ApplicationSender:
    """Relief applications to ZUS (``app.applications``): signed with the person's key, sent through
    the gateway's outbox, ZUS's answer found among the letters."""

    def __init__(self, *, gateway: Outbox, letters: Letters, clock: Clock) -> None:
        self.gateway = gateway
        self.letters = letters
        self.clock = clock

    def sign_application(self, application: ReliefApplication, source: KeySource, prompt: PinPrompt) -> bytes:
        from ..signing.keysource import check_usable
        from ..signing.xades_sign import sign_xml

        with source.open(prompt) as key:
            now = self.clock.now()
            check_usable(key.certificate, now)
            return sign_xml(application.to_xml(), key, signing_time=now, description="WNIOSEK")

    def send_application(self, application: ReliefApplication, source: KeySource, prompt: PinPrompt, *,
                         wait: float = 0.0, progress: Progress | None = None) -> Submission:
        """Sign, enqueue and send; returns the submission as it stands after ``wait`` seconds."""
        signed = self.sign_application(application, source, prompt)
        sub = self.gateway.enqueue(signed, source_name=f"wniosek-{application.kind}-{application.payer_nip}.xml")
        result = self.gateway.process(ids=[sub.id], wait=wait, progress=progress)
        return (result.done + result.pending)[0]

    def answer_to(self, submission: Submission) -> LetterView | None:
        """The letter ZUS placed in reply to this submission, as the workspace knows it (no network)."""
        if not submission.reference:
            return None
        found = [v for v in self.letters.views(submission.payer_nip) if v.record.in_reply_to == submission.reference]
        return found[0] if found else None

    def send_and_fetch_answer(self, application: ReliefApplication, source: KeySource, prompt: PinPrompt, *,
                              wait: float = 30.0, progress: Progress | None = None) -> Sent:
        """Send (``send_application``); once accepted, fetch the letters and find ZUS's answer."""
        sub = self.send_application(application, source, prompt, wait=wait, progress=progress)
        if sub.state != "accepted":
            return Sent(sub)
        try:
            self.letters.sync()
        except UserFacingError as exc:  # the application is sent and its UPP kept: only the answer waits
            return Sent(sub, None, exc.text)
        return Sent(sub, self.answer_to(sub))
