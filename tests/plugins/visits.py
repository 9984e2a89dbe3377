"""Fixtures for the e-visit tests: a real loopback booking sandbox with a driven clock, a real SMTP server."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from eplatnik.clock import default_clock

WARSAW = ZoneInfo("Europe/Warsaw")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def next_monday(after: date, min_days: int = 7) -> date:
    d = after + timedelta(days=min_days)
    while d.weekday() != 0:
        d += timedelta(days=1)
    return d


class BookingSandbox:
    """A running sandbox (booking service only) plus helpers to drive it over HTTP."""

    def __init__(self, state_dir: Path, port: int = 0) -> None:
        from eplatnik.sandbox.server import SandboxServer

        self.state_dir = state_dir
        self.server = SandboxServer(state_dir, port=port, services=["eplatnik.sandbox.booking_service"])
        self.url = self.server.start()

    def call(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        body = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(self.url + path, data=body, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def freeze(self, at: datetime) -> None:
        assert self.call("POST", "/sandbox/clock", {"freeze": at.isoformat()})[0] == 200

    def advance(self, **delta: float) -> None:
        seconds = timedelta(**delta).total_seconds()
        assert self.call("POST", "/sandbox/clock", {"advance_seconds": seconds})[0] == 200

    def now(self) -> datetime:
        return self.server.clock.now()

    def notifications(self) -> list[dict]:
        return self.call("GET", "/booking/v1/admin/notifications")[1]["notifications"]

    def stop(self) -> None:
        self.server.stop()


@dataclass
class SmtpSink:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def wait_for(self, predicate, timeout: float = 10.0) -> Message:
        deadline = time.monotonic() + timeout
        while True:
            for msg in list(self.messages):
                if predicate(msg):
                    return msg
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching e-mail arrived; got {[m['Subject'] for m in self.messages]}")
            self.arrived.wait(min(remaining, 0.2))
            self.arrived.clear()


@pytest.fixture
def smtp_sink():
    """A real SMTP server (aiosmtpd) on a free loopback port that keeps every message it receives."""
    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self, sink: SmtpSink) -> None:
            self.sink = sink

        async def handle_DATA(self, server, session, envelope):
            self.sink.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self.sink.arrived.set()
            return "250 OK"

    port = free_port()
    sink = SmtpSink("127.0.0.1", port)
    controller = Controller(Handler(sink), hostname="127.0.0.1", port=port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture
def booking_monday() -> date:
    """A Monday at least a week ahead of today with no holiday that week (so the grid is regular)."""
    from eplatnik.workdays import is_working_day

    d = next_monday(default_clock().today())
    while not all(is_working_day(d + timedelta(days=i)) for i in range(5)):
        d = next_monday(d, 1)
    return d


@pytest.fixture
def booking_sandbox(tmp_path: Path, booking_monday: date):
    """The booking sandbox with its clock frozen at 08:00 Warsaw time on ``booking_monday``."""
    sandbox = BookingSandbox(tmp_path / "sandbox-state")
    sandbox.freeze(datetime.combine(booking_monday, datetime.min.time(), tzinfo=WARSAW).replace(hour=8))
    yield sandbox
    sandbox.stop()


@pytest.fixture
def visits_app(tmp_path: Path, booking_sandbox: BookingSandbox):
    """A workspace pointed at the booking sandbox, its clock aligned with the sandbox's."""
    from eplatnik.app import App

    application = App(tmp_path / "ws-visits", gateway_url=booking_sandbox.url)
    application.visits.now = booking_sandbox.now
    yield application
    application.close()


@pytest.fixture
def person_form():
    """A valid booking form for a private person (synthetic PESEL)."""
    from eplatnik.register.synthetic import pesel_for
    from eplatnik.visits.models import VisitRequest

    def make(**kw: Any) -> VisitRequest:
        base = dict(topic="raty", unit_id="zus-krakow", unit_name="ZUS Oddział w Krakowie (przykład)",
                    name="Jan Testowy", pesel=pesel_for(date(1980, 5, 17), 123, False), phone="512 345 678",
                    email="jan@example.pl", postal_code="30-001",
                    start=datetime.combine(next_monday(default_clock().today()), datetime.min.time(), tzinfo=WARSAW)
                    .replace(hour=10))
        base.update(kw)
        return VisitRequest(**base)

    return make
