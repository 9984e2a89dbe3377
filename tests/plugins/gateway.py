"""Gateway fixtures: a demo workspace, a real sandbox on a free loopback port sharing its state with
the workspace (``<basedir>/sandbox``, as ``sandbox serve --state`` would), and signed monthly sets."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


def build_signed_set(app, nip: str, period: str = "2026-10", *, p12: Path | None = None,
                     password: str = "demo", mutate=None) -> bytes:
    """The demo firm's monthly set as KEDU, signed with the demo accountant's p12 (or ``p12``)."""
    from eplatnik.forms.builder import build_monthly
    from eplatnik.forms.kedu_writer import write_set
    from eplatnik.period import Period
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.p12 import load_p12
    from eplatnik.signing.xades import sign_xml

    payer = next(p for p in app.register.list_payers() if p.nip == nip)
    doc_set = build_monthly(payer, app.register.list_insured(payer.id), Period.parse(period),
                            today=app.clock.today())
    data = write_set(doc_set)
    if mutate is not None:
        data = mutate(data)
    key, cert, chain = load_p12(p12 or app.basedir / "demo" / "signer.p12", password)
    return sign_xml(data, SigningKey(key, cert, chain))


def admin(url: str, path: str, payload: dict | None = None, method: str | None = None) -> dict:
    body = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url + path, data=body, method=method or ("POST" if body else "GET"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode())


@dataclass
class GatewayEnv:
    basedir: Path
    app: object
    server: object

    @property
    def url(self) -> str:
        return self.server.url

    def faults(self, **values) -> dict:
        return admin(self.url, "/sandbox/faults", values)

    def submissions(self) -> int:
        return admin(self.url, "/gateway/v1/admin/stats")["submissions"]


def start_sandbox(state_dir: Path, processing_seconds: float = 0.2, port: int = 0):
    from eplatnik.sandbox.server import SandboxServer

    server = SandboxServer(state_dir, port=port)
    for service in server.services:
        if hasattr(service, "processing_seconds"):
            service.processing_seconds = processing_seconds
    server.start()
    return server


@pytest.fixture
def gateway_env(tmp_path):
    """Demo workspace + sandbox (state = <basedir>/sandbox) + an App pointed at it with --gateway."""
    from eplatnik.app import App
    from eplatnik.demo import create_demo

    basedir = tmp_path / "ws"
    setup = App(basedir)
    create_demo(setup)
    setup.close()
    server = start_sandbox(basedir / "sandbox")
    app = App(basedir, gateway_url=server.url)
    app.gateway.poll_seconds = 0.1
    yield GatewayEnv(basedir, app, server)
    app.close()
    server.stop()
