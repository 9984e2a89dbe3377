"""Reminders driven by the sandbox clock: SMS the day before, e-mail with the link one hour before (real SMTP)."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from eplatnik.visits.client import BookingClient

WARSAW = ZoneInfo("Europe/Warsaw")


def wait_until(predicate, timeout: float = 10.0) -> None:
    """Poll for work the sandbox's scheduler thread does right after a request."""
    done = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        done.wait(0.05)
    raise AssertionError("condition not reached")


def test_sms_day_before_and_email_hour_before(booking_sandbox, booking_monday, person_form, smtp_sink):
    config = {"smtp_host": smtp_sink.host, "smtp_port": smtp_sink.port, "smtp_sender": "ewizyta@sandbox.example"}
    assert booking_sandbox.call("POST", "/booking/v1/admin/config", config)[0] == 200
    start = datetime.combine(booking_monday + timedelta(days=1), time(10, 0), tzinfo=WARSAW)  # Tuesday 10:00
    booking = BookingClient(booking_sandbox.url).book(person_form(start=start).normalised().to_wire())

    confirmation = smtp_sink.wait_for(lambda m: m["X-Eplatnik-Kind"] == "confirmation")
    assert booking["join_url"] in confirmation.get_content()
    kinds = [n["kind"] for n in booking_sandbox.notifications()]
    assert "sms_day_before" not in kinds  # Monday 08:00: more than a day ahead

    booking_sandbox.advance(hours=1, minutes=59)  # Monday 09:59
    assert "sms_day_before" not in [n["kind"] for n in booking_sandbox.notifications()]
    booking_sandbox.advance(minutes=1)  # Monday 10:00, the day before
    sms = [n for n in booking_sandbox.notifications() if n["kind"] == "sms_day_before"]
    assert len(sms) == 1 and sms[0]["to"] == "+48512345678" and sms[0]["status"] == "sent"
    assert "jutro" in sms[0]["body"]
    assert "email_hour_before" not in [n["kind"] for n in booking_sandbox.notifications()]

    booking_sandbox.advance(hours=22, minutes=59)  # Tuesday 08:59
    assert "email_hour_before" not in [n["kind"] for n in booking_sandbox.notifications()]
    booking_sandbox.advance(minutes=1)  # Tuesday 09:00, one hour before
    reminder = smtp_sink.wait_for(lambda m: m["X-Eplatnik-Kind"] == "email_hour_before")
    assert reminder["To"] == "jan@example.pl" and "link" in reminder["Subject"]
    body = reminder.get_content()
    assert booking["join_url"] in body and "dokument tożsamości" in body
    outbox = booking_sandbox.notifications()
    email = [n for n in outbox if n["kind"] == "email_hour_before"]
    assert len(email) == 1 and email[0]["status"] == "sent"
    booking_sandbox.advance(minutes=5)  # nothing is sent twice
    assert len([n for n in booking_sandbox.notifications() if n["kind"] in ("sms_day_before",
                                                                             "email_hour_before")]) == 2


def test_cancelled_visit_gets_no_reminders(booking_sandbox, booking_monday, person_form):
    start = datetime.combine(booking_monday + timedelta(days=2), time(9, 0), tzinfo=WARSAW)
    client = BookingClient(booking_sandbox.url)
    booking = client.book(person_form(start=start).normalised().to_wire())
    # without an SMTP server the confirmation e-mail is only recorded in the outbox
    wait_until(lambda: booking_sandbox.notifications()[0]["status"] == "recorded")
    client.cancel_booking(booking["id"])
    booking_sandbox.advance(days=2, minutes=30)  # Wednesday 08:30
    kinds = [n["kind"] for n in booking_sandbox.notifications() if n["booking_id"] == booking["id"]]
    assert kinds == ["confirmation"]
