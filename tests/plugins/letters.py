"""Letters fixtures: a demo workspace with its sandbox (shared state) and helpers to place letters,
build relief applications and open letters with the demo signer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

TECHBUD = "9512345675"


def relief_data(nip: str = TECHBUD, kind: str = "instalments") -> dict:
    if kind == "deferral":
        schedule = [{"due": "2027-03-31", "amount": "24000.00"}]
    else:
        schedule = [{"due": "2027-01-15", "amount": "8000.00"}, {"due": "2027-02-15", "amount": "8000.00"},
                    {"due": "2027-03-15", "amount": "8000.00"}]
    return {"kind": kind, "application_date": "2026-11-20",
            "payer": {"nip": nip, "name": "TECHBUD SP. Z O.O.", "regon": "146000001"},
            "arrears": [{"period": "2026-08", "amount": "12000.00"}, {"period": "2026-09", "amount": "12000.00"}],
            "schedule": schedule, "justification": "Utrata płynności po niezapłaconych fakturach kontrahenta."}


def demo_source(basedir: Path):
    from eplatnik.signing.keysource import FixedPin
    from eplatnik.signing.p12 import P12KeySource

    return P12KeySource(basedir / "demo" / "signer.p12"), FixedPin("demo")


def place(basedir: Path, nip: str = TECHBUD, *, title: str = "Decyzja w sprawie testowej", days_ago: float = 0,
          kind: str = "decision", text: str = "Treść pisma.", payer_name: str | None = None):
    """A letter from "ZUS" in the sandbox; ``payer_name``: the name ZUS gives (by default TECHBUD's for
    TECHBUD, none for the others — ZUS letters may name the payer by NIP only)."""
    from eplatnik.clock import default_clock
    from eplatnik.sandbox.letters_place import place_letter

    now = default_clock().now() - dt.timedelta(days=days_ago)   # the program's clock (pinned in tests)
    if payer_name is None:
        payer_name = "TECHBUD SP. Z O.O." if nip == TECHBUD else ""
    return place_letter(basedir / "sandbox", nip=nip, title=title, now=now, kind=kind, text=text,
                        payer_name=payer_name)


@pytest.fixture
def letters_env(gateway_env):
    """The gateway fixture (demo workspace + sandbox on loopback, state in <basedir>/sandbox)."""
    return gateway_env
