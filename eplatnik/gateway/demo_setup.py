"""Demo step: a signing certificate for the demo accountant that the sandbox gateway accepts.

Writes ``<basedir>/demo/signer.p12`` (password ``demo``) for Maria Wiśniewska, issued by the test CA
of the workspace's embedded sandbox (``<basedir>/sandbox/ca``), and registers at that sandbox her
authorisations for the three demo firms. A sandbox started separately trusts the same CA when it is
given the same state directory (``eplatnik-cli sandbox serve --state <basedir>/sandbox``), or when
``<basedir>/sandbox/ca/ca.pem`` is copied into its ``<state>/trust/`` directory (authorisations then
go through ``POST /gateway/v1/admin/authorisations``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from .. import demo
from ..signing.testpki import write_p12

if TYPE_CHECKING:
    from ..app import App

DEMO_P12_PASSWORD = "demo"


def setup_demo_signer(app: App) -> None:
    from ..sandbox.gateway_store import ensure_ca, register_authorisation

    state_dir = app.basedir / "sandbox"
    ca = ensure_ca(state_dir)
    p12 = app.basedir / "demo" / "signer.p12"
    if not p12.exists():
        start = app.clock.now().replace(microsecond=0) - timedelta(days=1)
        key, cert = ca.issue_person(demo.DEMO_ACCOUNTANT, pesel=demo.DEMO_ACCOUNTANT_PESEL,
                                    email="m.wisniewska@biuro.example.pl", not_before=start)
        write_p12(p12, key, cert, DEMO_P12_PASSWORD, chain=[ca.cert],
                  friendly_name=f"{demo.DEMO_ACCOUNTANT} (demo)")
    for nip in demo.demo_payer_nips():
        register_authorisation(state_dir, demo.DEMO_ACCOUNTANT_PESEL, nip)


if setup_demo_signer not in demo.DEMO_STEPS:
    demo.DEMO_STEPS.append(setup_demo_signer)
