"""The sandbox e-visit booking service (ZUS-like; ZUS itself publishes no booking API).

Routes (JSON):

* ``GET    /booking/v1/units[?postal_code=NN-NNN]`` → all units and the suggested ones for the code
* ``GET    /booking/v1/units/{id}/slots?from=DATE&days=N&topic=T`` → free slots (ISO start, free places)
* ``POST   /booking/v1/bookings`` → 201 new booking / 200 the same booking for a repeated
  ``client_request_id`` / 409 ``slot_taken`` with ``next_free`` / 422 invalid, past, holiday, outside hours
* ``GET    /booking/v1/bookings?client_request_id=X`` → the booking made for that request id (or 404)
* ``GET    /booking/v1/bookings/{id}``, ``DELETE /booking/v1/bookings/{id}`` (409 ``already_started``)
* admin: ``GET /booking/v1/admin/notifications``, ``GET /booking/v1/admin/bookings``,
  ``POST /booking/v1/admin/advisors`` ``{unit_id, day, kind, count}``,
  ``POST /booking/v1/admin/config`` ``{smtp_host, smtp_port, smtp_sender, smtp_security, smtp_username,
  smtp_password, slot_minutes}``
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..register.validation import check_postal_code
from ..visits.topics import TOPIC_IDS
from .booking_store import BookingError, BookingStore
from .notifications import Notifier
from .server import Request, Response, Route, error_response, json_response

PREFIX = "/booking/v1"
MAX_DAYS = 62
CONFIG_KEYS = {"smtp_host": str, "smtp_port": int, "smtp_sender": str, "smtp_security": str, "smtp_username": str,
               "smtp_password": str, "slot_minutes": int}


def _unit_view(unit: dict[str, Any]) -> dict[str, Any]:
    return {k: unit.get(k) for k in ("id", "name", "kind", "address", "postal_prefixes")}


class BookingService:
    name = "booking"

    def __init__(self, server: Any) -> None:
        self.server = server
        self.store = BookingStore(server.state_dir, server.clock.now)
        self.notifier = Notifier(self.store)

    # -- lifecycle (called by the server) -----------------------------------------------------
    def start(self) -> None:
        self.notifier.start()

    def stop(self) -> None:
        self.notifier.stop()

    def on_clock_changed(self) -> None:
        self.notifier.tick()

    def routes(self) -> list[Route]:
        return [
            Route("GET", rf"{PREFIX}/units", self._guard(self.units)),
            Route("GET", rf"{PREFIX}/units/(?P<unit>[^/]+)/slots", self._guard(self.slots)),
            Route("POST", rf"{PREFIX}/bookings", self._guard(self.book)),
            Route("GET", rf"{PREFIX}/bookings", self._guard(self.find_booking)),
            Route("GET", rf"{PREFIX}/bookings/(?P<id>[^/]+)", self._guard(self.get_booking)),
            Route("DELETE", rf"{PREFIX}/bookings/(?P<id>[^/]+)", self._guard(self.cancel)),
            Route("GET", rf"{PREFIX}/admin/notifications", self._guard(self.notifications)),
            Route("GET", rf"{PREFIX}/admin/bookings", self._guard(self.all_bookings)),
            Route("POST", rf"{PREFIX}/admin/advisors", self._guard(self.set_advisors)),
            Route("POST", rf"{PREFIX}/admin/config", self._guard(self.set_config)),
        ]

    @staticmethod
    def _guard(handler: Any) -> Any:
        def wrapped(request: Request) -> Response:
            try:
                return handler(request)
            except BookingError as exc:
                return error_response(exc.status, exc.code, exc.pl, exc.en, **exc.extra)

        return wrapped

    # -- handlers -----------------------------------------------------------------------------
    def units(self, request: Request) -> Response:
        postal = (request.arg("postal_code") or "").strip()
        if postal and check_postal_code(postal) is not None:
            raise BookingError(422, "invalid_postal_code", f"Niepoprawny kod pocztowy „{postal}” (wzór NN-NNN).",
                               f"Invalid postal code '{postal}' (pattern NN-NNN).")
        suggested = self.store.suggest(postal) if postal else []
        return json_response({
            "units": [_unit_view(u) for u in self.store.units.values()],
            "suggested": [_unit_view(u) for u in suggested], "postal_code": postal, "official": False,
            "note": {"pl": "Przyporządkowanie kodów pocztowych do jednostek to dane przykładowe, nie decyzja ZUS.",
                     "en": "The postal code to unit mapping is sample data, not ZUS's decision."},
            "as_of": self.store.units_doc.get("as_of"),
            **({"warning": {"pl": self.store.units_problem.render("pl"), "en": self.store.units_problem.render("en")}}
               if self.store.units_problem else {}),
        })

    def slots(self, request: Request) -> Response:
        unit = self.store.unit(request.params["unit"])
        topic = request.arg("topic") or ""
        if topic not in TOPIC_IDS:
            raise BookingError(400, "invalid_topic", f"Nieznany temat „{topic}”.", f"Unknown topic '{topic}'.")
        first = date.fromisoformat(request.arg("from") or self.server.clock.now_local().date().isoformat())
        days = min(MAX_DAYS, max(1, int(request.arg("days") or 7)))
        return json_response({"unit_id": unit["id"], "topic": topic, "slot_minutes": self.store.slot_minutes,
                              "slots": self.store.free_slots(unit["id"], first, days, topic)})

    def book(self, request: Request) -> Response:
        booking, created = self.store.book(request.json() or {}, self.notifier.on_booked)
        if created:
            self.notifier.wake()  # the confirmation e-mail goes out at once, off this request's thread
        return json_response(self.store.public(booking), 201 if created else 200)

    def find_booking(self, request: Request) -> Response:
        request_id = request.arg("client_request_id") or ""
        with self.store.lock:
            booking = self.store.find_by_request(request_id) if request_id else None
        if booking is None:
            raise BookingError(404, "unknown_booking", "Nie ma takiej rezerwacji.", "No such booking.")
        return json_response(self.store.public(booking))

    def get_booking(self, request: Request) -> Response:
        return json_response(self.store.public(self.store.get(request.params["id"])))

    def cancel(self, request: Request) -> Response:
        return json_response(self.store.public(self.store.cancel(request.params["id"])))

    def notifications(self, request: Request) -> Response:
        with self.store.lock:
            return json_response({"notifications": list(self.store.state["notifications"])})

    def all_bookings(self, request: Request) -> Response:
        with self.store.lock:
            return json_response({"bookings": [self.store.public(b) for b in self.store.state["bookings"].values()]})

    def set_advisors(self, request: Request) -> Response:
        data = request.json() or {}
        self.store.set_advisors(str(data["unit_id"]), date.fromisoformat(str(data["day"])), str(data["kind"]),
                                int(data["count"]))
        return json_response({"ok": True})

    def set_config(self, request: Request) -> Response:
        data = request.json() or {}
        with self.store.lock:
            for key, kind in CONFIG_KEYS.items():
                if key in data:
                    self.store.config[key] = kind(data[key])
            self.store.save()
            return json_response(dict(self.store.config))


def create_service(server: Any) -> BookingService:
    return BookingService(server)
