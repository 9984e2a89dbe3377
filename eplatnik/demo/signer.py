"""Demo step: a signing certificate for the demo accountant that the sandbox gateway accepts.

Writes ``<basedir>/demo/signer.p12`` (password ``demo``) for Maria Wiśniewska, issued by the test CA
of the workspace's embedded sandbox (``<basedir>/sandbox/ca``), and registers at that sandbox her
authorisations for the three demo firms. A sandbox started separately trusts the same CA when it is
given the same state directory (``eplatnik-cli sandbox serve --state <basedir>/sandbox``); an office's
own sandbox is told through its admin API by ``demo --gateway URL`` (``office.py``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..signing.testpki import write_p12
from .data import DEMO_ACCOUNTANT, DEMO_ACCOUNTANT_PESEL, demo_payer_nips

if TYPE_CHECKING:
    from . import DemoWorkspace

DEMO_P12_PASSWORD = "demo"


def setup_demo_signer(workspace: DemoWorkspace) -> None:
    """A step of ``demo.DEMO_STEPS``."""
    from ..sandbox.gateway_store import ensure_ca, register_authorisation

    state_dir = workspace.basedir / "sandbox"
    ca = ensure_ca(state_dir)
    p12 = workspace.basedir / "demo" / "signer.p12"
    if not p12.exists():
        start = workspace.clock.now().replace(microsecond=0) - timedelta(days=1)
        key, cert = ca.issue_person(DEMO_ACCOUNTANT, pesel=DEMO_ACCOUNTANT_PESEL,
                                    email="m.wisniewska@biuro.example.pl", not_before=start)
        write_p12(p12, key, cert, DEMO_P12_PASSWORD, chain=[ca.cert],
                  friendly_name=f"{DEMO_ACCOUNTANT} (demo)")
    for nip in demo_payer_nips():
        register_authorisation(state_dir, DEMO_ACCOUNTANT_PESEL, nip)
