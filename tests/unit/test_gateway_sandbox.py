"""The sandbox gateway over real loopback HTTP through JsonGatewayTransport: idempotency, transport
refusals, restart, retries, timeouts and cancel."""

from __future__ import annotations

import threading
import time

import pytest
from plugins.gateway import admin, start_sandbox


def GatewayClient(url: str, *, timeout: float = 30.0, attempts: int = 8, backoff: float = 0.25,
                  cancel: threading.Event | None = None):
    """The gateway's client as the outbox builds it (CALL_RETRY's shape with a shorter base)."""
    from eplatnik.gateway.transport import JsonGatewayTransport
    from eplatnik.net import CancelToken, RetryPolicy, shared_transport

    return JsonGatewayTransport(shared_transport(), url, timeout=timeout,
                                retry=RetryPolicy(attempts, backoff, 8.0, "half"),
                                cancel=CancelToken.following(cancel))


@pytest.fixture
def sandbox(tmp_path):
    server = start_sandbox(tmp_path / "state", processing_seconds=0.2)
    yield server
    server.stop()


def _request(server, key="k-1", data=b"<KEDU/>"):
    from eplatnik.gateway.package import build_package
    from eplatnik.gateway.protocol import SubmitRequest

    client = GatewayClient(server.url, timeout=5, backoff=0.01)
    pkg = build_package(data, client.certificates().encryption)
    return client, SubmitRequest(pkg.data, pkg.sha256_b64, pkg.package_type, key)


def test_same_package_twice_is_one_submission(sandbox):
    from eplatnik.gateway import protocol

    client, req = _request(sandbox)
    first = client.submit(req)
    second = client.submit(req)
    assert first.status == protocol.RECEIVED and first.reference
    assert second.reference == first.reference
    # the same bytes under another key (e.g. a copied request) are still the same package
    from dataclasses import replace


    third = GatewayClient(sandbox.url).submit(replace(req, idempotency_key="k-2"))
    assert third.reference == first.reference
    assert admin(sandbox.url, "/gateway/v1/admin/stats")["submissions"] == 1


def test_transport_refusals(sandbox):
    from dataclasses import replace

    from eplatnik.gateway import protocol

    client, req = _request(sandbox)
    assert client.submit(replace(req, package_sha256="AAAA")).status == protocol.DIGEST_MISMATCH
    assert client.submit(replace(req, package_type="X")).status == protocol.UNSUPPORTED_TYPE
    client.submit(req)
    other = _request(sandbox, key="other", data=b"<KEDU>2</KEDU>")[1]
    answer = GatewayClient(sandbox.url).submit(replace(other, idempotency_key=req.idempotency_key))
    assert answer.status == protocol.KEY_REUSED
    assert client.confirmation("SBX-NOPE").status == protocol.NO_SUCH_PACKAGE
    # the client itself refuses to put different bytes under a key it used
    with pytest.raises(ValueError, match="different package"):
        client.submit(replace(other, idempotency_key=req.idempotency_key))


def test_undecryptable_package_gets_a_signed_rejection(sandbox):
    from eplatnik.gateway import protocol
    from eplatnik.gateway.receipt_xml import verify_receipt

    client = GatewayClient(sandbox.url)
    junk = b"not a CMS structure"
    sent = client.submit(protocol.SubmitRequest(junk, protocol.sha256_b64(junk), protocol.PACKAGE_TYPE, "junk"))
    deadline = time.monotonic() + 10
    answer = client.confirmation(sent.reference)
    while protocol.is_in_progress(answer.status) and time.monotonic() < deadline:
        time.sleep(0.1)
        answer = client.confirmation(sent.reference)
    assert answer.status == protocol.REJECTED_PACKAGE
    receipt = verify_receipt(answer.receipt, client.certificates().receipt_signing)
    assert not receipt.accepted and receipt.reference == sent.reference


def test_processing_resumes_after_sandbox_restart(tmp_path):
    from eplatnik.gateway import protocol

    state = tmp_path / "state"
    server = start_sandbox(state, processing_seconds=3600)
    client, req = _request(server)
    reference = client.submit(req).reference
    receipt_cert = client.certificates().receipt_signing
    server.stop()
    server = start_sandbox(state, processing_seconds=0.1)
    try:
        again = GatewayClient(server.url)
        assert again.certificates().receipt_signing == receipt_cert  # keys survive restarts
        # still pending with its original due time: drive the sandbox clock past it
        admin(server.url, "/sandbox/clock", {"advance_seconds": 7200})
        deadline = time.monotonic() + 10
        answer = again.confirmation(reference)
        while protocol.is_in_progress(answer.status) and time.monotonic() < deadline:
            time.sleep(0.1)
            answer = again.confirmation(reference)
        assert protocol.is_final(answer.status) and answer.receipt
    finally:
        server.stop()


def test_client_retries_5xx_and_drops_then_gives_up_clearly(sandbox):
    from eplatnik.gateway.transport import GatewayUnavailable

    admin(sandbox.url, "/sandbox/faults", {"error_rate": 0.6, "drop_rate": 0.2, "seed": 11})
    client = GatewayClient(sandbox.url, timeout=5, backoff=0.01, attempts=30)
    for _ in range(5):
        assert client.certificates().encryption is not None
    admin(sandbox.url, "/sandbox/faults", {"error_rate": 1.0, "drop_rate": 0})
    with pytest.raises(GatewayUnavailable) as info:
        GatewayClient(sandbox.url, backoff=0.01, attempts=3).certificates()
    assert "próbowano 3 razy" in info.value.render("pl")


def test_client_timeout_and_cancel(sandbox):
    from eplatnik.errors import Cancelled
    from eplatnik.gateway.transport import GatewayUnavailable

    admin(sandbox.url, "/sandbox/faults", {"latency_ms": 1500})
    with pytest.raises(GatewayUnavailable):
        GatewayClient(sandbox.url, timeout=0.2, attempts=2, backoff=0.01).certificates()
    cancel = threading.Event()
    client = GatewayClient(sandbox.url, timeout=0.2, attempts=50, backoff=0.5, cancel=cancel)
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        client.certificates()
    assert time.monotonic() - started < 10  # stopped long before 50 attempts with backoff


def test_unreachable_gateway(tmp_path):
    import socket

    from eplatnik.gateway.transport import GatewayUnavailable

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(GatewayUnavailable):
        GatewayClient(f"http://127.0.0.1:{port}", attempts=2, backoff=0.01).certificates()


def test_authorisation_admin_endpoint(sandbox):
    body = admin(sandbox.url, "/gateway/v1/admin/authorisations",
                 {"signer_pesel": "44051401359", "payer_nip": "9512345675"})
    assert body["payer_nip"] == "9512345675"
    listed = admin(sandbox.url, "/gateway/v1/admin/authorisations")["authorisations"]
    assert [(a["signer_pesel"], a["payer_nip"]) for a in listed] == [("44051401359", "9512345675")]
