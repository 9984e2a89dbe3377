"""The booking client's network behaviour: timeouts, cancellation, retries only where they are safe."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from eplatnik.errors import Cancelled
from eplatnik.net import RetryPolicy
from eplatnik.visits.client import BookingClient, ServiceUnreachable


def quick(attempts: int) -> RetryPolicy:
    return RetryPolicy(attempts, 0.01, 0.01, "none")


def test_timeout_gives_a_clear_error(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"latency_ms": 1500})
    client = BookingClient(booking_sandbox.url, timeout=0.3, retry=quick(2))
    with pytest.raises(ServiceUnreachable) as info:
        client.units()
    text = info.value.render("pl")
    assert booking_sandbox.url in text and "zapisane" in text


def test_cancel_aborts_a_call_in_progress(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"latency_ms": 5000})
    client = BookingClient(booking_sandbox.url, timeout=30)
    outcome: list = []

    def call() -> None:
        try:
            outcome.append(client.units())
        except Cancelled as exc:
            outcome.append(exc)

    worker = threading.Thread(target=call)
    started = time.monotonic()
    worker.start()
    time.sleep(0.3)  # the request is waiting for the slow service
    client.cancel()
    worker.join(10)
    assert not worker.is_alive() and len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert time.monotonic() - started < 4.5  # the service would have answered after 5 s
    client.reset()
    booking_sandbox.call("POST", "/sandbox/faults", {"latency_ms": 0})
    assert client.units()[1]  # the same client works again after reset()


def test_server_errors_are_retried_then_reported(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 1.0})
    client = BookingClient(booking_sandbox.url, retry=quick(3))
    with pytest.raises(ServiceUnreachable) as info:
        client.slots("zus-krakow", date(2026, 12, 21), 1, "raty")
    assert "HTTP 503" in info.value.render("en") and info.value.attempts == 3


def test_non_idempotent_requests_are_not_retried(booking_sandbox):
    booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 1.0})
    client = BookingClient(booking_sandbox.url, retry=quick(4))
    with pytest.raises(ServiceUnreachable) as info:
        client.request("POST", "/admin/config", {}, idempotent=False)
    assert info.value.attempts == 1
    with pytest.raises(ServiceUnreachable) as info:
        client.units()
    assert info.value.attempts == 4
