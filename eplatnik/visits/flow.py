"""The booking flow as a GUI-free state machine (CONVENTIONS #2).

topic → unit (postal code suggests, the person may change) → slot → contact details → confirm → done.
The UI renders ``flow.step`` and calls one transition per action; network work goes through the
``backend`` (``VisitsService``) and the UI runs those transitions off the UI thread. A refused or
failed confirmation never loses the form: a taken slot sends the flow back to SLOT with the next free
slots; an unreachable service leaves it at CONFIRM with the booking saved as pending.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from ..errors import FieldError, ValidationFailed
from ..i18n import Text, t
from ..register import validation as v
from .client import ServiceUnreachable, SlotsAnswer, SlotTaken
from .models import Slot, Unit, Visit, VisitRequest, field_errors
from .topics import get_topic

CONTACT_FIELDS = ("name", "pesel", "nip", "phone", "email", "note", "payer", "postal_code")
WRONG_STEP = t("Ten krok nie jest teraz dostępny.", "This step is not available now.")


class Step(enum.IntEnum):
    TOPIC = 1
    UNIT = 2
    SLOT = 3
    CONTACT = 4
    CONFIRM = 5
    DONE = 6


class Backend(Protocol):
    def units(self, postal_code: str = "", key: str = "") -> tuple[list[Unit], list[Unit], bool]: ...
    def slots(self, unit_id: str, first_day: date, days: int, topic: str) -> SlotsAnswer: ...
    def book(self, req: VisitRequest, slot_minutes: int | None = None) -> Visit: ...
    def retry(self, visit_id: int, **kwargs: object) -> Visit: ...
    def check_proxy(self, req: VisitRequest) -> None: ...
    def list(self) -> list[Visit]: ...


@dataclass
class BookingFlow:
    backend: Backend
    request: VisitRequest = field(default_factory=VisitRequest)
    step: Step = Step.TOPIC
    suggested: list[Unit] = field(default_factory=list)
    all_units: list[Unit] = field(default_factory=list)
    units_online: bool = True
    slots: list[Slot] = field(default_factory=list)
    slot_minutes: int = 20
    visit: Visit | None = None
    message: Text | None = None   # the last thing to tell the person (taken slot, saved as pending…)

    def _require(self, *steps: Step) -> None:
        if self.step not in steps:
            raise ValidationFailed(errors=[FieldError("step", WRONG_STEP)])

    # -- transitions --------------------------------------------------------------------------
    def choose_topic(self, topic_id: str) -> None:
        get_topic(topic_id)
        self.request = replace(self.request, topic=topic_id)
        self.step = Step.UNIT

    def lookup_units(self, postal_code: str) -> list[Unit]:
        """Suggest units for the postal code (network); the first suggestion is pre-selected."""
        self._require(Step.UNIT)
        problem = v.check_postal_code(postal_code, required=True)
        if problem is not None:
            raise ValidationFailed(errors=[FieldError("postal_code", problem)])
        self.request = replace(self.request, postal_code=postal_code.strip())
        key = self.request.pesel or self.request.nip
        self.suggested, self.all_units, self.units_online = self.backend.units(postal_code.strip(), key)
        if self.suggested:
            unit = self.suggested[0]
            self.request = replace(self.request, unit_id=unit.id, unit_name=unit.name)
        return self.suggested

    def choose_unit(self, unit: Unit) -> None:
        self._require(Step.UNIT, Step.SLOT, Step.CONTACT, Step.CONFIRM)
        self.request = replace(self.request, unit_id=unit.id, unit_name=unit.name, start=None)
        self.slots = []
        self.step = Step.SLOT

    def load_slots(self, first_day: date, days: int = 14) -> list[Slot]:
        self._require(Step.SLOT)
        answer = self.backend.slots(self.request.unit_id, first_day, days, self.request.topic)
        self.slots, self.slot_minutes = answer.slots, answer.slot_minutes
        return self.slots

    def choose_slot(self, slot: Slot) -> None:
        self._require(Step.SLOT)
        self.request = replace(self.request, start=slot.start)
        self.slot_minutes = slot.minutes
        self.step = Step.CONTACT

    def set_contact(self, *, name: str, pesel: str = "", nip: str = "", phone: str, email: str, note: str = "",
                    guardian: str = "", payer_id: int | None = None, proxy: str = "") -> None:
        self._require(Step.CONTACT, Step.CONFIRM)
        req = replace(self.request, name=name, pesel=pesel, nip=nip, phone=phone, email=email, note=note,
                      guardian=guardian, payer_id=payer_id if payer_id is not None else self.request.payer_id,
                      proxy=proxy).normalised()
        errors = [e for e in field_errors(req) if e.field in CONTACT_FIELDS]
        if errors:
            raise ValidationFailed(errors=errors)
        self.backend.check_proxy(req)
        self.request = req
        self.step = Step.CONFIRM

    def confirm(self) -> Visit:
        self._require(Step.CONFIRM)
        try:
            if self.visit is not None:  # a retry of the saved booking (same request id)
                self.visit = self.backend.retry(self.visit.id, new_start=self.request.start)
            else:
                self.visit = self.backend.book(self.request, self.slot_minutes)
        except SlotTaken as exc:
            self.slots = exc.next_free
            self.request = replace(self.request, start=None)
            self.step = Step.SLOT
            self.message = exc.text
            self._remember_saved()
            raise
        except ServiceUnreachable as exc:
            self.message = Text(exc.render("pl"), exc.render("en"))
            self._remember_saved()
            raise
        self.message = None
        self.step = Step.DONE
        return self.visit

    def _remember_saved(self) -> None:
        """After a failed send, later confirmations retry the saved booking instead of adding another."""
        if self.visit is None:
            saved = [vis for vis in self.backend.list()
                     if vis.request.client_request_id == self.request.client_request_id]
            self.visit = saved[0] if saved else None

    def back(self) -> None:
        if Step.TOPIC < self.step < Step.DONE:
            self.step = Step(self.step - 1)

    def summary(self) -> list[tuple[Text, str]]:
        req = self.request
        rows = [(t("Temat", "Topic"), get_topic(req.topic).label.render() if req.topic else ""),
                (t("Jednostka", "Unit"), req.unit_name or req.unit_id),
                (t("Termin", "Slot"), req.start.strftime("%Y-%m-%d %H:%M") if req.start else ""),
                (t("Imię i nazwisko", "Name"), req.name),
                (t("PESEL / NIP", "PESEL / NIP"), req.pesel or req.nip),
                (t("Telefon (SMS)", "Phone (SMS)"), req.phone), (t("E-mail", "E-mail"), req.email)]
        if req.guardian:
            rows.append((t("Opiekun", "Guardian"), req.guardian))
        if req.proxy:
            rows.append((t("Pełnomocnik", "Proxy"), req.proxy))
        if req.note:
            rows.append((t("Uwagi", "Note"), req.note))
        return rows
