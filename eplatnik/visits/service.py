"""``VisitsService``: e-visit booking from the workspace — units, slots, book, retry, cancel, .ics.

Where the booking service lives is the ``GatewayLocator``'s answer, the same as for submission (the
``--gateway`` URL, else the profile's gateway: one sandbox serves submission and booking); ZUS's
production gateway offers no booking, so that profile says so instead of calling anything.

The workspace keeps its own list of visits (migration 0004). A booking is saved as *pending* before it
is sent, so when the service cannot be reached nothing typed is lost and ``retry()`` sends it again
with the same request id (the service never books it twice).
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol

from ..clock import Clock
from ..errors import UserFacingError
from ..events import EventBus
from ..gateway.locator import GatewayLocator
from ..i18n import Text, t
from ..register.models import AuthorisationScope
from .client import BookingClient, BookingRefused, ServiceUnreachable, SlotsAnswer, SlotTaken
from .ics import event_ics
from .models import Unit, Visit, VisitRequest, VisitStatus, validate_request
from .slots import slot_problem, to_local
from .store import VisitsRepo, client_key
from .topics import checklist, get_topic
from .units import load_units, suggest

log = logging.getLogger(__name__)

NOT_AUTHORISED = t("{accountant} nie ma zarejestrowanego pełnomocnictwa (ZUS-PEL) płatnika {payer} na dzień {day}.",
                   "{accountant} has no registered authorisation (ZUS-PEL) from {payer} on {day}.")
NOT_AUTHORISED_HINT = t("Dodaj pełnomocnictwo w rejestrze (Płatnicy → Pełnomocnictwa) albo zarezerwuj jako sam "
                        "klient.", "Add the authorisation in the register (Payers → Authorisations) or book as "
                        "the client.")
NO_VISIT = t("Nie ma e-wizyty nr {id} w tym katalogu roboczym.", "No e-visit no. {id} in this workspace.")
CANNOT_CANCEL = t("E-wizyty nr {id} nie można odwołać (stan: {status}).",
                  "E-visit no. {id} cannot be cancelled (status: {status}).")
NOT_PENDING = t("E-wizyta nr {id} nie czeka na wysłanie (stan: {status}).",
                "E-visit no. {id} is not waiting to be sent (status: {status}).")
PRODUCTION_NO_API = t("ZUS nie udostępnia interfejsu do rezerwacji e-wizyt; w profilu produkcyjnym nie można "
                      "zarezerwować e-wizyty z programu.",
                      "ZUS offers no interface for booking e-visits; in the production profile an e-visit cannot be "
                      "booked from the program.")
PRODUCTION_HINT = t("Zarezerwuj na https://e-wizyta.zus.pl/ (dane przygotuje program) albo przełącz profil na "
                    "piaskownicę.", "Book at https://e-wizyta.zus.pl/ (the program prepares the data) or switch the "
                    "profile to the sandbox.")
PENDING_UNVERIFIED = t("Wycofano lokalnie bez połączenia z usługą rezerwacji.",
                       "Withdrawn locally without a connection to the booking service.")
SYNC_CANCELLED = t("Odwołana w usłudze rezerwacji (poza tym programem).",
                   "Cancelled at the booking service (outside this program).")
ZUS_BOOKING_PAGE = "https://e-wizyta.zus.pl/"
CONFIRMATION = t(
    "E-wizyta zarezerwowana: {topic}, {when} ({minutes} min), {unit}. Numer rezerwacji: {ref}.\n"
    "Przygotuj dokument tożsamości, aby pokazać go do kamery, oraz urządzenie z kamerą i mikrofonem.\n"
    "Dzień wcześniej przyjdzie SMS na {phone}, a godzinę przed wizytą e-mail z linkiem na {email}.\n"
    "Jeśli nie możesz wziąć udziału, odwołaj wizytę — termin od razu zwolni się dla innych.",
    "E-visit booked: {topic}, {when} ({minutes} min), {unit}. Booking number: {ref}.\n"
    "Have an identity document ready to show to the camera, and a device with camera and microphone.\n"
    "An SMS comes to {phone} the day before, and an e-mail with the link to {email} one hour before.\n"
    "If you cannot attend, cancel the visit — the slot is freed for others at once.")


class RegisterReader(Protocol):
    """What booking reads from the register: the payer or person a form is pre-filled from, and
    whether an accountant holds the payer's authorisation."""

    def get_payer(self, payer_id: int) -> Any: ...

    def get_insured(self, person_id: int) -> Any: ...

    def is_authorised(self, payer_id: int, accountant_name: str, day: date) -> bool: ...

    def list_authorisations(self, payer_id: int | None = None) -> list[Any]: ...


class VisitsService:
    def __init__(self, repo: VisitsRepo, *, locator: GatewayLocator, booking: Callable[[str], BookingClient],
                 register: RegisterReader, events: EventBus, clock: Clock,
                 slot_minutes: Callable[[], int]) -> None:
        self.repo = repo
        self.locator = locator
        self._booking = booking
        self.register = register
        self.events = events
        self.slot_minutes = slot_minutes
        self.now: Callable[[], datetime] = clock.now  # tests may align it with the sandbox clock
        self.units_warning: Text | None = None  # e.g. the sandbox's units.json is invalid

    # -- where the service is -----------------------------------------------------------------
    def base_url(self) -> str:
        if self.locator.active_profile().production:
            raise UserFacingError(PRODUCTION_NO_API, hint=PRODUCTION_HINT)
        return self.locator.url()  # the gateway's sandbox serves booking too: never a second one

    def client(self) -> BookingClient:
        return self._booking(self.base_url())

    # -- looking up ---------------------------------------------------------------------------
    def units(self, postal_code: str = "", key: str = "") -> tuple[list[Unit], list[Unit], bool]:
        """(suggested, all, online). Offline, the suggestion comes from the packaged (unofficial) table."""
        try:
            client = self.client()
            suggested, everything = client.units(postal_code or None)
            self.units_warning = client.units_warning
            online = True
        except ServiceUnreachable:
            table = load_units()["units"]
            suggested = [Unit.from_wire(u) for u in suggest(table, postal_code)] if postal_code else []
            everything, online = [Unit.from_wire(u) for u in table], False
        remembered = self.repo.remembered_unit(key, postal_code) if key and postal_code else None
        if remembered is not None:  # the person's own earlier choice comes first
            chosen = next((u for u in everything if u.id == remembered[0]), Unit(*remembered))
            suggested = [chosen, *[u for u in suggested if u.id != chosen.id]]
        return suggested, everything, online

    def slots(self, unit_id: str, first_day: date, days: int, topic: str) -> SlotsAnswer:
        get_topic(topic)
        return self.client().slots(unit_id, first_day, days, topic)

    def request_for_payer(self, payer_id: int) -> VisitRequest:
        """A booking form pre-filled from the register (the firm's address gives the postal code).

        The name is a person's: a sole trader's own; for a company it is left for the person who will
        join the call (a company cannot sit in front of the camera). The SMS number is taken only if
        the register's number is a mobile one: a landline cannot receive the SMS with the link."""
        from ..register.validation import is_mobile

        payer = self.register.get_payer(payer_id)
        name = f"{payer.first_name} {payer.last_name}".strip()
        phone = payer.phone if payer.phone and is_mobile(payer.phone) else ""
        return VisitRequest(name=name, nip=payer.nip, pesel=payer.pesel, phone=phone, email=payer.email,
                            postal_code=payer.postal_code, payer_id=payer.id)

    def request_for_person(self, person_id: int) -> VisitRequest:
        """A booking form for an insured person from the register (the home address gives the postal code)."""
        person = self.register.get_insured(person_id)
        return VisitRequest(name=person.record.full_name, pesel=person.pesel, postal_code=person.record.postal_code)

    # -- booking ------------------------------------------------------------------------------
    def check_proxy(self, req: VisitRequest, day: date | None = None) -> None:
        """Booking for a client needs a registered ZUS-PEL (our office's own control, not a ZUS rule)."""
        if not req.proxy:
            return
        day = day or to_local(self.now()).date()
        assert req.payer_id is not None  # validate_request guarantees it
        ok = self.register.is_authorised(req.payer_id, req.proxy, day) and any(
            a.accountant_name == req.proxy and a.active_on(day)
            and a.scope in (AuthorisationScope.FULL, AuthorisationScope.VISITS)
            for a in self.register.list_authorisations(req.payer_id))
        if not ok:
            payer = self.register.get_payer(req.payer_id)
            raise UserFacingError(NOT_AUTHORISED(accountant=req.proxy, payer=payer.short_name, day=day.isoformat()),
                                  hint=NOT_AUTHORISED_HINT)

    def book(self, req: VisitRequest, slot_minutes: int | None = None) -> Visit:
        """Validate, save as pending, send. Raises ``SlotTaken`` (with next free slots), ``BookingRefused``
        or ``ServiceUnreachable`` — in every case the form stays saved in the workspace."""
        req = validate_request(req)
        self.check_proxy(req)
        slot_minutes = slot_minutes or int(self.slot_minutes())
        problem = slot_problem(req.start, self.now(), slot_minutes)  # type: ignore[arg-type]
        if problem is not None:
            raise UserFacingError(problem[1])
        visit_id = self.repo.insert(req, slot_minutes)
        return self._send(visit_id, req)

    def _send(self, visit_id: int, req: VisitRequest) -> Visit:
        try:
            answer = self.client().book(req.to_wire())
        except ServiceUnreachable as exc:
            self.repo.update(visit_id, status=VisitStatus.PENDING, last_error=exc.text.render("en"), request=req)
            self._changed(visit_id)
            raise
        except BookingRefused as exc:
            self.repo.update(visit_id, status=VisitStatus.REJECTED, last_error=exc.text.render("en"), request=req)
            self._changed(visit_id)
            raise
        self.repo.update(visit_id, status=VisitStatus.BOOKED, remote_id=answer["id"], join_url=answer["join_url"],
                         slot_minutes=int(answer.get("slot_minutes", 20)), last_error="", request=req)
        self.repo.remember_unit(client_key(req), req.postal_code, req.unit_id, req.unit_name)
        self._changed(visit_id)
        return self.get(visit_id)

    def retry(self, visit_id: int, *, new_start: datetime | None = None, new_unit: Unit | None = None) -> Visit:
        """Send a pending (or, with a new slot, a rejected) booking again, with the same request id."""
        visit = self.get(visit_id)
        if visit.status not in (VisitStatus.PENDING, VisitStatus.REJECTED):
            raise UserFacingError(NOT_PENDING(id=visit_id, status=visit.status.label))
        req = visit.request
        if new_start is not None:
            req = replace(req, start=new_start)
        if new_unit is not None:
            req = replace(req, unit_id=new_unit.id, unit_name=new_unit.name)
        req = validate_request(req)
        self.check_proxy(req)
        return self._send(visit_id, req)

    def retry_pending(self) -> list[Visit]:
        return [self.retry(v.id) for v in self.repo.list(status=VisitStatus.PENDING)]

    def cancel(self, visit_id: int) -> Visit:
        visit = self.get(visit_id)
        if visit.status in (VisitStatus.PENDING, VisitStatus.REJECTED) and not visit.remote_id:
            # never confirmed: if the service did book it (the answer was lost), cancel it there too
            try:
                client = self.client()
                made = client.find_by_request(visit.request.client_request_id)
                if made is not None and made["status"] == "booked":
                    client.cancel_booking(made["id"])
                note = ""
            except ServiceUnreachable:
                note = PENDING_UNVERIFIED.render("en")
            self.repo.update(visit_id, status=VisitStatus.CANCELLED, last_error=note)
        elif visit.status == VisitStatus.BOOKED:
            self.client().cancel_booking(visit.remote_id)
            self.repo.update(visit_id, status=VisitStatus.CANCELLED, last_error="")
        else:
            raise UserFacingError(CANNOT_CANCEL(id=visit_id, status=visit.status.label))
        self._changed(visit_id)
        return self.get(visit_id)

    def sync(self) -> int:
        """Pull the service's state of booked upcoming visits (e.g. cancelled elsewhere); returns how many
        changed. Offline it changes nothing and raises ``ServiceUnreachable``."""
        now, changed = self.now(), 0
        client = None
        for visit in self.repo.list(status=VisitStatus.BOOKED):
            if not visit.remote_id or (visit.end is not None and visit.end <= now):
                continue
            client = client or self.client()
            try:
                remote = client.booking(visit.remote_id)
            except BookingRefused as exc:
                if exc.status != 404:
                    raise
                remote = {"status": "cancelled"}  # the service no longer knows it
            if remote.get("status") == "cancelled":
                self.repo.update(visit.id, status=VisitStatus.CANCELLED,
                                 last_error=SYNC_CANCELLED.render("en"))
                changed += 1
        if changed:
            self._changed(0)
        return changed

    # -- reading ------------------------------------------------------------------------------
    def get(self, visit_id: int) -> Visit:
        visit = self.repo.get(visit_id)
        if visit is None:
            raise UserFacingError(NO_VISIT(id=visit_id))
        return visit

    def list(self, payer_id: int | None = None, key: str | None = None) -> list[Visit]:
        return self.repo.list(payer_id=payer_id, key=key)

    def confirmation(self, visit: Visit) -> Text:
        req = visit.request
        assert req.start is not None, "a stored visit has its slot"
        return CONFIRMATION(topic=get_topic(req.topic).label, when=to_local(req.start).strftime("%Y-%m-%d %H:%M"),
                            minutes=visit.slot_minutes, unit=req.unit_name or req.unit_id, ref=visit.remote_id,
                            phone=req.phone, email=req.email)

    def ics(self, visit_id: int) -> bytes:
        visit = self.get(visit_id)
        req = visit.request
        topic = get_topic(req.topic).label.render()
        assert req.start is not None, "a stored visit has its slot"
        lines = [self.confirmation(visit).render()] if visit.status == VisitStatus.BOOKED else []
        lines += ["", *[f"- {item.render()}" for item in checklist(req.topic, proxy=bool(req.proxy))]]
        return event_ics(uid=f"{req.client_request_id}@eplatnik", start=req.start, minutes=visit.slot_minutes,
                         summary=f"E-wizyta ZUS: {topic}", description="\n".join(lines).strip(),
                         location=visit.join_url or (req.unit_name or req.unit_id), url=visit.join_url,
                         cancelled=visit.status == VisitStatus.CANCELLED, stamp=self.now())

    def checklist(self, topic: str, proxy: bool = False) -> builtins.list[Text]:
        return checklist(topic, proxy)

    def _changed(self, visit_id: int) -> None:
        self.events.publish("visits.changed", id=visit_id)


__all__ = ["BookingRefused", "ServiceUnreachable", "SlotTaken", "VisitsService"]
