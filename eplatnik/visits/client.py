"""HTTP client of the e-visit booking service (the sandbox today; ZUS publishes no booking API).

Every call has a timeout and can be cancelled from another thread (``cancel()`` closes the socket).
Only idempotent calls are retried: GETs, DELETE of a booking, and the booking POST because it carries
a ``client_request_id`` — the service answers a repeated id with the booking it already made, so a
retry after a lost response never books twice.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import socket
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..errors import Cancelled, UserFacingError
from ..i18n import Text, t
from .models import Slot, Unit

log = logging.getLogger(__name__)
PREFIX = "/booking/v1"

UNREACHABLE = t("Nie można połączyć się z usługą rezerwacji e-wizyt ({url}): {why}.",
                "Cannot reach the e-visit booking service ({url}): {why}.")
UNREACHABLE_HINT = t("Dane formularza zostały zapisane; spróbuj ponownie, gdy połączenie wróci.",
                     "The form data has been saved; try again when the connection is back.")
BAD_ANSWER = t("Usługa rezerwacji odpowiedziała niezrozumiale (HTTP {status}).",
               "The booking service gave an unexpected answer (HTTP {status}).")


class ServiceUnreachable(UserFacingError):
    """The booking service could not be reached (network, timeout, 5xx)."""


class BookingRefused(UserFacingError):
    """The service understood the request and refused it (validation, already started, not found)."""

    def __init__(self, message: Text, code: str, status: int, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.data = data or {}


class SlotTaken(BookingRefused):
    """Someone else took the slot first; ``next_free`` holds the nearest free slots."""

    def __init__(self, message: Text, data: dict[str, Any], minutes: int) -> None:
        super().__init__(message, "slot_taken", 409, data)
        self.next_free = [Slot.from_wire(s, minutes) for s in data.get("next_free", [])]


@dataclass
class SlotsAnswer:
    unit_id: str
    slot_minutes: int
    slots: list[Slot]


def _text(data: dict[str, Any], status: int) -> Text:
    message = data.get("message") if isinstance(data, dict) else None
    if isinstance(message, dict) and "pl" in message:
        return Text(message["pl"], message.get("en", message["pl"]))
    return BAD_ANSWER(status=status)


class BookingClient:
    def __init__(self, base_url: str, *, timeout: float = 10.0, retries: int = 2, backoff: float = 0.3) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserFacingError(t("Niepoprawny adres usługi: {url}", "Invalid service address: {url}")(url=base_url))
        self.base_url = base_url.rstrip("/")
        self._parts = parts
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._open: set[http.client.HTTPConnection] = set()
        self.units_warning: Text | None = None  # the service's note about its unit table, if any

    # -- cancellation -------------------------------------------------------------------------
    def cancel(self) -> None:
        """Abort the call in progress (from any thread); it raises ``Cancelled``."""
        self._cancel.set()
        with self._lock:
            for conn in list(self._open):
                sock = conn.sock
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

    def reset(self) -> None:
        self._cancel.clear()

    # -- transport ----------------------------------------------------------------------------
    def _connection(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self._parts.scheme == "https" else http.client.HTTPConnection
        return cls(self._parts.hostname, self._parts.port, timeout=self.timeout)

    def _once(self, method: str, path: str, body: bytes | None) -> tuple[int, Any]:
        conn = self._connection()
        conn.connect()
        with self._lock:  # registered only once connected, so cancel() always has a socket to shut down
            if self._cancel.is_set():
                conn.close()
                raise Cancelled()
            self._open.add(conn)
        try:
            headers = {"Accept": "application/json"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            conn.request(method, self._parts.path + path, body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            try:
                data = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError:
                data = {}
            return response.status, data
        finally:
            with self._lock:
                self._open.discard(conn)
            conn.close()

    def request(self, method: str, path: str, payload: Any = None, *, idempotent: bool = True) -> tuple[int, Any]:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload is not None else None
        attempts = 1 + (self.retries if idempotent else 0)
        why = ""
        for attempt in range(attempts):
            if self._cancel.is_set():
                raise Cancelled()
            try:
                status, data = self._once(method, PREFIX + path, body)
            except (OSError, http.client.HTTPException) as exc:
                if self._cancel.is_set():
                    raise Cancelled() from None
                why = str(exc) or exc.__class__.__name__
                log.info("booking %s %s failed (attempt %d): %s", method, path, attempt + 1, why)
            else:
                if status < 500:
                    return status, data
                why = f"HTTP {status}"
            if attempt + 1 < attempts and self._cancel.wait(self.backoff * (2 ** attempt)):
                raise Cancelled()
        raise ServiceUnreachable(UNREACHABLE(url=self.base_url, why=why), hint=UNREACHABLE_HINT)

    def _checked(self, status: int, data: Any, minutes: int = 20) -> Any:
        if 200 <= status < 300:
            return data
        code = data.get("error", "") if isinstance(data, dict) else ""
        if code == "slot_taken":
            raise SlotTaken(_text(data, status), data, minutes)
        raise BookingRefused(_text(data, status), code or f"http_{status}", status,
                             data if isinstance(data, dict) else {})

    # -- API ----------------------------------------------------------------------------------
    def units(self, postal_code: str | None = None) -> tuple[list[Unit], list[Unit]]:
        """(suggested units for the postal code, all units)."""
        query = f"?{urlencode({'postal_code': postal_code})}" if postal_code else ""
        data = self._checked(*self.request("GET", f"/units{query}"))
        warning = data.get("warning")
        self.units_warning = Text(warning["pl"], warning["en"]) if isinstance(warning, dict) else None
        return ([Unit.from_wire(u) for u in data.get("suggested", [])], [Unit.from_wire(u) for u in data["units"]])

    def slots(self, unit_id: str, first_day: date, days: int, topic: str) -> SlotsAnswer:
        query = urlencode({"from": first_day.isoformat(), "days": days, "topic": topic})
        data = self._checked(*self.request("GET", f"/units/{unit_id}/slots?{query}"))
        minutes = int(data["slot_minutes"])
        return SlotsAnswer(unit_id, minutes, [Slot.from_wire(s, minutes) for s in data["slots"]])

    def book(self, wire: dict[str, Any]) -> dict[str, Any]:
        status, data = self.request("POST", "/bookings", wire, idempotent=True)
        return self._checked(status, data, int(data.get("slot_minutes", 20)) if isinstance(data, dict) else 20)

    def find_by_request(self, client_request_id: str) -> dict[str, Any] | None:
        """The booking the service made for this request id, or None if it never received it."""
        status, data = self.request("GET", f"/bookings?{urlencode({'client_request_id': client_request_id})}")
        return None if status == 404 else self._checked(status, data)

    def booking(self, remote_id: str) -> dict[str, Any]:
        return self._checked(*self.request("GET", f"/bookings/{remote_id}"))

    def cancel_booking(self, remote_id: str) -> dict[str, Any]:
        return self._checked(*self.request("DELETE", f"/bookings/{remote_id}"))

    def notifications(self) -> list[dict[str, Any]]:
        return self._checked(*self.request("GET", "/admin/notifications"))["notifications"]
