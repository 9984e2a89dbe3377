"""The booking client's network behaviour: timeouts, cancellation, retries only where they are safe."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from eplatnik.errors import Cancelled
from eplatnik.visits.client import BookingClient, ServiceUnreachable


def test_timeout_gives_a_clear_error(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"latency_ms": 1500})
    client = BookingClient(booking_sandbox.url, timeout=0.3, retries=1, backoff=0.01)
    with pytest.raises(ServiceUnreachable) as info:
        client.units()
    text = info.value.render("pl")
    assert booking_sandbox.url in text and "zapisane" in text


def test_cancel_aborts_a_call_in_progress(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"latency_ms": 5000})
    client = BookingClient(booking_sandbox.url, timeout=30)
    outcome: list = []
    started = threading.Event()

    def call() -> None:
        started.set()
        try:
            outcome.append(client.units())
        except Cancelled as exc:
            outcome.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    started.wait(5)
    while not client._open:  # wait until the request is on the wire
        threading.Event().wait(0.01)
    client.cancel()
    worker.join(10)
    assert not worker.is_alive() and len(outcome) == 1 and isinstance(outcome[0], Cancelled)


def test_server_errors_are_retried_then_reported(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 1.0})
    client = BookingClient(booking_sandbox.url, retries=2, backoff=0.01)
    with pytest.raises(ServiceUnreachable) as info:
        client.slots("zus-krakow", date(2026, 12, 21), 1, "raty")
    assert "HTTP 503" in info.value.render("en")


def test_non_idempotent_requests_are_not_retried(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 1.0})
    seen: list[str] = []
    client = BookingClient(booking_sandbox.url, retries=3, backoff=0.01)
    original = client._once

    def counting(method, path, body):
        seen.append(method)
        return original(method, path, body)

    client._once = counting
    with pytest.raises(ServiceUnreachable):
        client.request("POST", "/admin/config", {}, idempotent=False)
    assert seen == ["POST"]
    seen.clear()
    with pytest.raises(ServiceUnreachable):
        client.units()
    assert seen == ["GET"] * 4
