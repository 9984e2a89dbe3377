"""State of the sandbox e-visit booking service: units, advisors, bookings, persisted in the state dir.

One lock guards every read-modify-write of the bookings, so when two people book the last place in
a slot at the same moment exactly one wins; the state file is rewritten atomically after each change
and reloaded on start, so bookings survive a restart of the sandbox.
"""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..clock import default_clock
from ..errors import UserFacingError
from ..fsutil import atomic_write_text
from ..i18n import t
from ..visits.models import VisitRequest, field_errors
from ..visits.slots import grid, parse_moment, slot_problem, to_local, utc_iso
from ..visits.topics import TOPIC_IDS, get_topic
from ..visits.units import suggest, units_path

log = logging.getLogger(__name__)
BAD_UNITS = t("Plik jednostek e-wizyt {path} jest niepoprawny: {err}.",
              "The e-visit units file {path} is invalid: {err}.")
BAD_UNITS_HINT = t("Do czasu poprawy używana jest tabela z programu. Popraw plik albo usuń go — przy następnym "
                   "starcie zostanie odtworzony.", "Until it is fixed the program's table is used. Fix the file "
                   "or delete it — the next start restores it.")
JOIN_BASE = "https://ewizyta.example/sandbox"  # clearly not a ZUS address
DEFAULT_ADVISORS = {"relief": 1, "general": 2}
NEXT_FREE_COUNT = 5
NEXT_FREE_DAYS = 21


class BookingError(Exception):
    """A refusal with an HTTP status, a code and a bilingual message; ``extra`` goes into the answer."""

    def __init__(self, status: int, code: str, pl: str, en: str, **extra: Any) -> None:
        super().__init__(en)
        self.status, self.code, self.pl, self.en, self.extra = status, code, pl, en, extra


class BookingStore:
    def __init__(self, state_dir: Path, now: Callable[[], datetime]) -> None:
        self.dir = Path(state_dir) / "booking"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.now = now
        self.lock = threading.RLock()
        units_file = self.dir / "units.json"
        if not units_file.exists():  # the user can edit this copy; it is never overwritten
            shutil.copyfile(units_path(), units_file)
        self.units_problem: UserFacingError | None = None
        try:
            self.units_doc = json.loads(units_file.read_text(encoding="utf-8"))
            self.units: dict[str, dict[str, Any]] = {str(u["id"]): u for u in self.units_doc["units"]}
        except (ValueError, KeyError, TypeError) as exc:
            # a typo in the user's copy must not stop the whole sandbox (submission shares it):
            # serve the program's table and say what is wrong on every units answer
            self.units_problem = UserFacingError(BAD_UNITS(path=str(units_file), err=str(exc)), hint=BAD_UNITS_HINT)
            log.warning("%s", self.units_problem.render("en"))
            self.units_doc = json.loads(units_path().read_text(encoding="utf-8"))
            self.units = {str(u["id"]): u for u in self.units_doc["units"]}
        self.state_file = self.dir / "state.json"
        self.state: dict[str, Any] = {"bookings": {}, "advisors": {}, "notifications": [], "config": {}}
        if self.state_file.exists():
            try:
                self.state.update(json.loads(self.state_file.read_text(encoding="utf-8")))
            except ValueError:
                # keep the damaged file for inspection and start with an empty state
                kept = self.state_file.with_name(f"state.damaged-{int(default_clock().now().timestamp())}.json")
                self.state_file.replace(kept)
                log.warning("booking state %s was damaged; kept as %s, starting empty", self.state_file, kept)

    # -- persistence --------------------------------------------------------------------------
    def save(self) -> None:
        with self.lock:
            atomic_write_text(self.state_file, json.dumps(self.state, ensure_ascii=False, indent=1))

    @property
    def config(self) -> dict[str, Any]:
        return self.state["config"]

    @property
    def slot_minutes(self) -> int:
        return int(self.config.get("slot_minutes", 20))

    # -- units and capacity -------------------------------------------------------------------
    def unit(self, unit_id: str) -> dict[str, Any]:
        unit = self.units.get(unit_id)
        if unit is None:
            raise BookingError(404, "unknown_unit", f"Nie ma jednostki „{unit_id}”.", f"No unit '{unit_id}'.")
        return unit

    def suggest(self, postal_code: str) -> list[dict[str, Any]]:
        return suggest(list(self.units.values()), postal_code)

    def capacity(self, unit_id: str, day: date, kind: str) -> int:
        override = self.state["advisors"].get(f"{unit_id}|{day.isoformat()}|{kind}")
        if override is not None:
            return int(override)
        return int(self.unit(unit_id).get("advisors", DEFAULT_ADVISORS).get(kind, 0))

    def set_advisors(self, unit_id: str, day: date, kind: str, count: int) -> None:
        self.unit(unit_id)
        with self.lock:
            self.state["advisors"][f"{unit_id}|{day.isoformat()}|{kind}"] = int(count)
            self.save()

    def _taken(self, unit_id: str, start_utc: str, kind: str) -> int:
        return sum(1 for b in self.state["bookings"].values()
                   if b["status"] == "booked" and b["unit_id"] == unit_id and b["start"] == start_utc
                   and b["kind"] == kind)

    def free_slots(self, unit_id: str, first_day: date, days: int, topic: str,
                   after: datetime | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        kind = get_topic(topic).kind
        now = self.now()
        floor = max(now, after) if after else now
        result = []
        with self.lock:
            for start in grid(first_day, days, self.slot_minutes):
                if start <= floor:
                    continue
                free = self.capacity(unit_id, start.date(), kind) - self._taken(unit_id, utc_iso(start), kind)
                if free > 0:
                    result.append({"start": start.isoformat(), "free": free})
                    if limit and len(result) >= limit:
                        break
        return result

    # -- bookings -----------------------------------------------------------------------------
    def find_by_request(self, client_request_id: str) -> dict[str, Any] | None:
        for booking in self.state["bookings"].values():
            if booking["client_request_id"] == client_request_id:
                return booking
        return None

    def book(self, data: dict[str, Any], on_booked: Callable[[dict[str, Any]], None]) -> tuple[dict[str, Any], bool]:
        """Book a slot; returns (booking, created). Raises ``BookingError`` on any refusal."""
        request_id = str(data.get("client_request_id") or "").strip()
        if not request_id:
            raise BookingError(400, "missing_request_id", "Brak identyfikatora żądania (client_request_id).",
                               "Missing client_request_id.")
        topic = str(data.get("topic", ""))
        if topic not in TOPIC_IDS:
            raise BookingError(422, "invalid", f"Nieznany temat „{topic}”.", f"Unknown topic '{topic}'.")
        unit = self.unit(str(data.get("unit_id", "")))
        start = parse_moment(str(data["start"]))
        texts: dict[str, Any] = {k: str(data.get(k) or "") for k in ("name", "pesel", "nip", "phone", "email", "note",
                                                                     "guardian")}
        form = VisitRequest(topic=topic, unit_id=unit["id"], start=start, **texts).normalised()
        errors = field_errors(form)
        if errors:
            raise BookingError(422, "invalid", "; ".join(f"{e.field}: {e.render('pl')}" for e in errors),
                               "; ".join(f"{e.field}: {e.render('en')}" for e in errors),
                               fields=[e.field for e in errors])
        data = {**data, "phone": form.phone, "pesel": form.pesel, "nip": form.nip, "name": form.name}
        kind = get_topic(topic).kind
        with self.lock:
            existing = self.find_by_request(request_id)
            if existing is not None:  # a retry after a lost answer: the same booking, not a second one
                return existing, False
            problem = slot_problem(start, self.now(), self.slot_minutes)
            if problem is not None:
                code, text = problem
                raise BookingError(422, code, text.render("pl"), text.render("en"))
            start_utc = utc_iso(start)
            if self._taken(unit["id"], start_utc, kind) >= self.capacity(unit["id"], to_local(start).date(), kind):
                nxt = self.free_slots(unit["id"], to_local(start).date(), NEXT_FREE_DAYS, topic, after=start,
                                      limit=NEXT_FREE_COUNT)
                label = to_local(start).strftime("%Y-%m-%d %H:%M")
                raise BookingError(409, "slot_taken",
                                   f"Termin {label} został właśnie zajęty przez inną osobę. Wybierz inny wolny termin.",
                                   f"The slot {label} has just been taken by someone else. Pick another free slot.",
                                   next_free=nxt, slot_minutes=self.slot_minutes)
            booking_id = "EW-" + secrets.token_hex(4).upper()
            booking = {
                "id": booking_id, "client_request_id": request_id, "topic": topic, "kind": kind,
                "unit_id": unit["id"], "unit_name": unit["name"], "start": start_utc,
                "slot_minutes": self.slot_minutes, "status": "booked",
                "created_at": self.now().isoformat(), "cancelled_at": None,
                "join_url": f"{JOIN_BASE}/{booking_id}?t={secrets.token_urlsafe(12)}",
                "sms_sent": False, "email_sent": False,
                **{k: str(data.get(k) or "") for k in ("name", "pesel", "nip", "phone", "email", "note", "guardian",
                                                      "proxy")},
            }
            self.state["bookings"][booking_id] = booking
            on_booked(booking)
            self.save()
            return booking, True

    def get(self, booking_id: str) -> dict[str, Any]:
        booking = self.state["bookings"].get(booking_id)
        if booking is None:
            raise BookingError(404, "unknown_booking", f"Nie ma rezerwacji {booking_id}.", f"No booking {booking_id}.")
        return booking

    def cancel(self, booking_id: str) -> dict[str, Any]:
        with self.lock:
            booking = self.get(booking_id)
            if booking["status"] == "cancelled":
                return booking
            start = parse_moment(booking["start"])
            if self.now() >= start:
                label = to_local(start).strftime("%Y-%m-%d %H:%M")
                raise BookingError(409, "already_started",
                                   f"E-wizyta rozpoczęła się o {label} — nie można jej już odwołać.",
                                   f"The e-visit started at {label} — it can no longer be cancelled.")
            booking["status"] = "cancelled"
            booking["cancelled_at"] = self.now().isoformat()
            for note in self.state["notifications"]:
                if note["booking_id"] == booking_id and note["status"] == "queued":
                    note["status"] = "skipped"
            self.save()
            return booking

    def public(self, booking: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in booking.items() if k not in ("sms_sent", "email_sent")}

