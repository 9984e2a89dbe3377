"""JsonGatewayTransport's audit of its calls against a server that drops and answers 503: a package
(keyed by its idempotency key) is sent again with the same bytes, a call marked unsafe is not, a
gateway that never answers is reported with the outbox's words, and a cancel stops a slow call."""

from __future__ import annotations

import json
import threading

import pytest

from eplatnik.errors import Cancelled
from eplatnik.gateway import protocol
from eplatnik.gateway.transport import GatewayUnavailable, JsonGatewayTransport
from eplatnik.net import CancelToken, HttpTransport, NetConfig, RetryPolicy

QUICK = RetryPolicy(4, 0.01, 0.01, "none")


@pytest.fixture
def http():
    transport = HttpTransport(NetConfig(proxy="direct", timeout=5))
    yield transport
    transport.close()


def _request() -> protocol.SubmitRequest:
    package = b"encrypted package bytes"
    return protocol.SubmitRequest(package, protocol.sha256_b64(package), protocol.PACKAGE_TYPE, "key-1")


def test_a_package_is_sent_again_with_the_same_key_and_bytes(flaky_server, http):
    flaky_server.plan = ["drop", "503"]
    flaky_server.answer = {"status": protocol.RECEIVED, "reference": "SBX-1"}
    gateway = JsonGatewayTransport(http, flaky_server.url, retry=QUICK)
    assert gateway.submit(_request()).reference == "SBX-1"
    bodies = [json.loads(s.body) for s in flaky_server.seen]
    assert len(bodies) == 3 and all(b == bodies[0] for b in bodies)
    assert bodies[0]["idempotency_key"] == "key-1"


def test_a_call_marked_unsafe_is_sent_once(flaky_server, http):
    flaky_server.plan = ["503"] * 5
    gateway = JsonGatewayTransport(http, flaky_server.url, retry=QUICK)
    with pytest.raises(GatewayUnavailable) as info:
        gateway.call("POST", "/gateway/v1/something", {}, idempotent=False)
    assert info.value.attempts == 1 and len(flaky_server.seen) == 1


def test_a_gateway_that_keeps_failing_is_reported_in_the_outboxs_words(flaky_server, http):
    flaky_server.plan = ["503"] * 5
    gateway = JsonGatewayTransport(http, flaky_server.url, retry=RetryPolicy(3, 0.01, 0.01, "none"))
    with pytest.raises(GatewayUnavailable) as info:
        gateway.confirmation("SBX-1")
    text = info.value.render("pl")
    assert "nie odpowiada (HTTP 503)" in text and "próbowano 3 razy" in text and "skrzynce nadawczej" in text


def test_a_slow_gateway_call_is_cancelled_from_the_outbox_loop(flaky_server, http):
    flaky_server.plan = ["slow-body"]
    stop = threading.Event()  # what GatewayService.process passes
    gateway = JsonGatewayTransport(http, flaky_server.url, cancel=CancelToken.following(stop))
    threading.Thread(target=lambda: flaky_server.body_started.wait(10) and stop.set(), daemon=True).start()
    with pytest.raises(Cancelled):
        gateway.certificates()
    assert flaky_server.client_gone.wait(10)
