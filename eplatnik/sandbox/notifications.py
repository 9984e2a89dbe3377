"""Notifications of the sandbox booking service: confirmation, SMS the day before, e-mail 1 hour before.

ZUS sends an SMS the day before and, on the day, an e-mail with the link one hour before
(relief-and-evisits.md §3). Every notification lands in an outbox in the sandbox state (admin endpoint
``GET /booking/v1/admin/notifications``). SMS are only recorded (there is no SMS gateway); e-mails
also go out through SMTP when a server is configured (``config.smtp_host``/``smtp_port`` in the state,
``POST /booking/v1/admin/config``, or ``EPLATNIK_SANDBOX_SMTP=host:port``).

Reminders are driven by the sandbox clock: ``tick()`` runs when a test moves the clock and every
second from a scheduler thread, so nothing waits for real minutes.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from ..errors import UserFacingError
from ..mailer import SmtpConfig, send_mail
from ..visits.slots import parse_moment, to_local
from .booking_store import BookingStore

log = logging.getLogger(__name__)
SMS_BEFORE = timedelta(days=1)
EMAIL_BEFORE = timedelta(hours=1)
SMTP_TIMEOUT = 10.0


def _when(booking: dict[str, Any]) -> str:
    return to_local(parse_moment(booking["start"])).strftime("%Y-%m-%d %H:%M")


def _email_body(booking: dict[str, Any], intro: str) -> str:
    return (f"{intro}\n\n"
            f"Termin: {_when(booking)} (czas polski), {booking['slot_minutes']} min\n"
            f"Jednostka: {booking['unit_name']}\nNumer rezerwacji: {booking['id']}\n"
            f"Link do e-wizyty (piaskownica): {booking['join_url']}\n\n"
            "Przygotuj dokument tożsamości do pokazania do kamery. Jedna sprawa na jedną e-wizytę.\n"
            "Jeśli nie możesz się połączyć, odwołaj wizytę — termin zwolni się dla innych.\n\n"
            "To jest wiadomość z piaskownicy eplatnik, nie z ZUS.\n")


class Notifier:
    def __init__(self, store: BookingStore, poll_seconds: float = 1.0) -> None:
        self.store = store
        self.poll_seconds = poll_seconds
        self._deliver_lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- outbox -------------------------------------------------------------------------------
    def _add(self, booking: dict[str, Any], kind: str, channel: str, subject: str, body: str) -> None:
        """Append to the outbox; the caller holds the store lock and saves."""
        outbox = self.store.state["notifications"]
        outbox.append({
            "id": len(outbox) + 1, "booking_id": booking["id"], "kind": kind, "channel": channel,
            "to": booking["phone"] if channel == "sms" else booking["email"], "subject": subject, "body": body,
            "created_at": self.store.now().isoformat(),
            "status": "sent" if channel == "sms" else "queued",  # SMS: recorded as delivered by the sandbox
            "error": "",
        })

    def on_booked(self, booking: dict[str, Any]) -> None:
        self._add(booking, "confirmation", "email", f"E-wizyta w ZUS {_when(booking)} — potwierdzenie",
                  _email_body(booking, "Potwierdzamy rezerwację e-wizyty."))

    def due_reminders(self, now: datetime) -> None:
        with self.store.lock:
            changed = False
            for booking in self.store.state["bookings"].values():
                if booking["status"] != "booked":
                    continue
                start = parse_moment(booking["start"])
                if now >= start:
                    continue
                booked_on = to_local(parse_moment(booking["created_at"])).date()
                if not booking["sms_sent"] and now >= start - SMS_BEFORE and booked_on < to_local(start).date():
                    booking["sms_sent"] = True
                    self._add(booking, "sms_day_before", "sms", "",
                              f"ZUS e-wizyta jutro {_when(booking)}, {booking['unit_name']}. Link przyjdzie e-mailem "
                              f"godzine przed. Odwolanie: {booking['id']}. (piaskownica)")
                    changed = True
                if not booking["email_sent"] and now >= start - EMAIL_BEFORE:
                    booking["email_sent"] = True
                    self._add(booking, "email_hour_before", "email", f"E-wizyta w ZUS o {_when(booking)} — link",
                              _email_body(booking, "Za godzinę zaczyna się Twoja e-wizyta. Połącz się przez link:"))
                    changed = True
            if changed:
                self.store.save()

    # -- delivery -----------------------------------------------------------------------------
    def smtp_target(self) -> SmtpConfig | None:
        config = self.store.config
        sender = str(config.get("smtp_sender", "e-wizyta@sandbox.example"))
        if config.get("smtp_host"):
            return SmtpConfig(host=str(config["smtp_host"]), port=int(config.get("smtp_port", 25)),
                              security=str(config.get("smtp_security", "none")),
                              username=str(config.get("smtp_username", "")),
                              password=str(config.get("smtp_password", "")), sender=sender, timeout=SMTP_TIMEOUT)
        env = os.environ.get("EPLATNIK_SANDBOX_SMTP", "")
        if env:
            host, _, port = env.rpartition(":")
            return SmtpConfig(host=host or "127.0.0.1", port=int(port or 25), security="none", sender=sender,
                              timeout=SMTP_TIMEOUT)
        return None

    def deliver(self) -> None:
        with self._deliver_lock:  # one delivery run at a time, so nothing is sent twice
            with self.store.lock:
                queued = [n for n in self.store.state["notifications"] if n["status"] == "queued"]
            if not queued:
                return
            target = self.smtp_target()
            for note in queued:
                if target is None:
                    status, error = "recorded", "no SMTP server configured"
                else:
                    try:
                        self._send_mail(target, note)
                        status, error = "sent", ""
                    except UserFacingError as exc:
                        status, error = "failed", exc.render("en")
                        log.warning("e-visit e-mail to %s failed: %s", note["to"], error)
                with self.store.lock:
                    note["status"], note["error"] = status, error
                    note["sent_at"] = self.store.now().isoformat()
            self.store.save()

    @staticmethod
    def _send_mail(target: SmtpConfig, note: dict[str, Any]) -> None:
        message = EmailMessage()
        message["From"] = target.sender
        message["To"] = note["to"]
        message["Subject"] = note["subject"]
        message["X-Eplatnik-Booking"] = note["booking_id"]
        message["X-Eplatnik-Kind"] = note["kind"]
        message.set_content(note["body"])
        send_mail(target, message)

    # -- scheduling ---------------------------------------------------------------------------
    def tick(self) -> None:
        self.due_reminders(self.store.now())
        self.deliver()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="booking-notifier", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Run a tick soon on the scheduler thread (a new booking's confirmation goes out at once,
        without making the booking request wait for the SMTP server)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.tick()
            except Exception:  # the scheduler must keep running; the failure is logged
                log.exception("notification tick failed")

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=SMTP_TIMEOUT + 2)
