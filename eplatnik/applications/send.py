"""Sign a relief application (XAdES, the signer's key) and send it through the gateway's outbox.

The signed document goes through ``GatewayService.enqueue`` like a declaration: stored byte-exact
before it is sent, one submission per signed document, the gateway's receipt (UPP) verified and
kept. ZUS's answer comes later as a letter (``letters``), ``in_reply_to`` the submission's reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..progress import Progress
from .relief_xml import ReliefApplication

if TYPE_CHECKING:
    from ..app import App
    from ..gateway.outbox import Submission
    from ..signing.keysource import KeySource, PinPrompt


def sign_application(app: App, application: ReliefApplication, source: KeySource, prompt: PinPrompt) -> bytes:
    from ..signing.keysource import check_usable
    from ..signing.xades_sign import sign_xml

    with source.open(prompt) as key:
        now = app.clock.now()
        check_usable(key.certificate, now)
        return sign_xml(application.to_xml(), key, signing_time=now, description="WNIOSEK")


def send_application(app: App, application: ReliefApplication, source: KeySource, prompt: PinPrompt, *,
                     wait: float = 0.0, progress: Progress | None = None) -> Submission:
    """Sign, enqueue and send; returns the submission as it stands after ``wait`` seconds."""
    signed = sign_application(app, application, source, prompt)
    sub = app.gateway.enqueue(signed, source_name=f"wniosek-{application.kind}-{application.payer_nip}.xml")
    result = app.gateway.process(ids=[sub.id], wait=wait, progress=progress)
    return (result.done + result.pending)[0]
