"""The e-visit booking service's calls (the sandbox today; ZUS publishes no booking API), a thin
helper on the program's HTTP transport (``eplatnik/net``: timeouts, retries, cancel, proxy).

Every call can be cancelled from another thread (``cancel()``), also in the middle of a call. Only
calls that are safe to repeat are retried (``BOOKING_RETRY``): GETs, DELETE of a booking, and the
booking POST because it carries a ``client_request_id`` — the service answers a repeated id with the
booking it already made, so a retry after a lost answer (or a call abandoned by a cancel that did
reach the service) never books twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..errors import UserFacingError
from ..i18n import Text, t
from ..net import BOOKING_RETRY, CancelToken, HttpTransport, RetryPolicy, Unreachable, shared_transport
from .models import Slot, Unit

log = logging.getLogger(__name__)
PREFIX = "/booking/v1"

UNREACHABLE = t("Nie można połączyć się z usługą rezerwacji e-wizyt ({url}): {why}.",
                "Cannot reach the e-visit booking service ({url}): {why}.")
UNREACHABLE_HINT = t("Dane formularza zostały zapisane; spróbuj ponownie, gdy połączenie wróci.",
                     "The form data has been saved; try again when the connection is back.")
BAD_ANSWER = t("Usługa rezerwacji odpowiedziała niezrozumiale (HTTP {status}).",
               "The booking service gave an unexpected answer (HTTP {status}).")


class ServiceUnreachable(Unreachable):
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
        return Text(str(message["pl"]), str(message.get("en") or message["pl"]))
    return BAD_ANSWER(status=status)


class BookingClient:
    def __init__(self, base_url: str, *, http: HttpTransport | None = None, timeout: float = 10.0,
                 retry: RetryPolicy = BOOKING_RETRY) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserFacingError(t("Niepoprawny adres usługi: {url}", "Invalid service address: {url}")(url=base_url))
        self.base_url = base_url.rstrip("/")
        self.http = http or shared_transport()
        self.timeout = timeout
        self.retry = retry
        self._cancel = CancelToken()
        self.units_warning: Text | None = None  # the service's note about its unit table, if any

    # -- cancellation -------------------------------------------------------------------------
    def cancel(self) -> None:
        """Abort the call in progress (from any thread); it raises ``Cancelled``."""
        self._cancel.cancel()

    def reset(self) -> None:
        self._cancel = CancelToken()

    # -- transport ----------------------------------------------------------------------------
    def request(self, method: str, path: str, payload: Any = None, *, idempotent: bool = True) -> tuple[int, Any]:
        """One call; (HTTP status, JSON body or {}). ``idempotent=False`` sends it once, whatever happens."""
        try:
            answer = self.http.request(method, self.base_url + PREFIX + path, json=payload, cancel=self._cancel,
                                       retry=self.retry, idempotent=idempotent, timeout=self.timeout)
        except Unreachable as exc:
            raise ServiceUnreachable(UNREACHABLE(url=self.base_url, why=exc.detail), url=self.base_url,
                                     detail=exc.detail, attempts=exc.attempts, hint=UNREACHABLE_HINT) from None
        try:
            data = answer.json()
        except ValueError:
            data = {}
        return answer.status, data

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
