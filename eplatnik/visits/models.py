"""The booking form (``VisitRequest``), its validation, and a visit as the workspace remembers it."""

from __future__ import annotations

import enum
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..errors import FieldError, ValidationFailed
from ..i18n import Text, t
from ..register import validation as v
from .slots import DEFAULT_SLOT_MINUTES, can_join, parse_moment, to_local, utc_iso
from .topics import TOPIC_IDS

NOTE_MAX = 500
ID_REQUIRED = t("Podaj PESEL osoby albo NIP płatnika.", "Enter the person's PESEL or the payer's NIP.")
NOTE_LONG = t("Uwaga jest za długa ({n} znaków, najwyżej 500).", "The note is too long ({n} characters, 500 max).")
TOPIC_BAD = t("Wybierz jeden temat z listy.", "Pick one topic from the list.")
UNIT_REQUIRED = t("Wybierz jednostkę ZUS.", "Pick a ZUS unit.")
SLOT_REQUIRED = t("Wybierz wolny termin.", "Pick a free slot.")
PROXY_PAYER = t("Rezerwacja jako pełnomocnik wymaga wskazania płatnika (klienta).",
                "Booking as a proxy needs the payer (client) it is for.")


class VisitStatus(enum.StrEnum):
    PENDING = "pending"        # saved locally; the booking service has not confirmed it (yet)
    BOOKED = "booked"
    CANCELLED = "cancelled"
    REJECTED = "rejected"      # the service refused (slot taken, invalid) — form data kept, pick again

    @property
    def label(self) -> Text:
        return {
            VisitStatus.PENDING: t("oczekuje na wysłanie", "waiting to be sent"),
            VisitStatus.BOOKED: t("zarezerwowana", "booked"),
            VisitStatus.CANCELLED: t("odwołana", "cancelled"),
            VisitStatus.REJECTED: t("odrzucona — wybierz inny termin", "rejected — pick another slot"),
        }[self]


@dataclass
class VisitRequest:
    """Everything the person enters in the booking form."""

    topic: str = ""
    unit_id: str = ""
    unit_name: str = ""
    start: datetime | None = None
    name: str = ""
    pesel: str = ""
    nip: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    guardian: str = ""          # opiekun faktyczny lub prawny joining the call (optional)
    payer_id: int | None = None  # the client in the register, if any
    proxy: str = ""             # the accountant booking for the client (empty: the person books for themselves)
    postal_code: str = ""
    client_request_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def normalised(self) -> VisitRequest:
        return VisitRequest(
            topic=self.topic.strip(), unit_id=self.unit_id.strip(), unit_name=self.unit_name.strip(),
            start=to_local(self.start) if self.start else None, name=" ".join(self.name.split()),
            pesel=v.compact_digits(self.pesel), nip=v.compact_digits(self.nip),
            phone=v.normalise_phone(self.phone), email=self.email.strip(), note=self.note.strip(),
            guardian=" ".join(self.guardian.split()), payer_id=self.payer_id, proxy=self.proxy.strip(),
            postal_code=self.postal_code.strip(), client_request_id=self.client_request_id)

    def to_wire(self) -> dict[str, Any]:
        """The JSON body sent to the booking service."""
        return {"client_request_id": self.client_request_id, "topic": self.topic, "unit_id": self.unit_id,
                "start": utc_iso(self.start) if self.start else None, "name": self.name, "pesel": self.pesel,
                "nip": self.nip, "phone": self.phone, "email": self.email, "note": self.note,
                "guardian": self.guardian, "proxy": self.proxy}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat() if self.start else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VisitRequest:
        data = dict(data)
        data["start"] = parse_moment(data["start"]) if data.get("start") else None
        known = set(cls.__dataclass_fields__)
        return cls(**{k: val for k, val in data.items() if k in known})


def field_errors(req: VisitRequest) -> list[FieldError]:
    """All problems with the form, per field (an empty list means it can be sent)."""
    errors: list[FieldError] = []

    def add(name: str, message: Text | None) -> None:
        if message is not None:
            errors.append(FieldError(name, message))

    if req.topic not in TOPIC_IDS:
        add("topic", TOPIC_BAD)
    if not req.unit_id:
        add("unit", UNIT_REQUIRED)
    if req.start is None:
        add("slot", SLOT_REQUIRED)
    add("name", v.check_required(req.name))
    if not req.pesel and not req.nip:
        add("pesel", ID_REQUIRED)
    add("pesel", v.check_pesel(req.pesel) if req.pesel else None)
    add("nip", v.check_nip(req.nip, required=False) if req.nip else None)
    add("phone", v.check_phone(req.phone, required=True, mobile=True))
    add("email", v.check_email(req.email, required=True))
    add("postal_code", v.check_postal_code(req.postal_code))
    if len(req.note) > NOTE_MAX:
        add("note", NOTE_LONG(n=len(req.note)))
    if req.proxy and req.payer_id is None:
        add("payer", PROXY_PAYER)
    return errors


def validate_request(req: VisitRequest) -> VisitRequest:
    """Return the normalised form, or raise ``ValidationFailed`` listing every bad field."""
    req = req.normalised()
    errors = field_errors(req)
    if errors:
        raise ValidationFailed(errors=errors)
    return req


@dataclass
class Visit:
    """One e-visit as kept in the workspace (also when the service could not be reached)."""

    id: int
    request: VisitRequest
    status: VisitStatus
    remote_id: str = ""
    join_url: str = ""
    slot_minutes: int = DEFAULT_SLOT_MINUTES
    last_error: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def start(self) -> datetime | None:
        return self.request.start

    @property
    def end(self) -> datetime | None:
        return self.start + timedelta(minutes=self.slot_minutes) if self.start else None

    def is_upcoming(self, now: datetime) -> bool:
        return self.end is not None and self.end > now and self.status in (VisitStatus.BOOKED, VisitStatus.PENDING)

    def can_join(self, now: datetime) -> bool:
        return (self.status == VisitStatus.BOOKED and bool(self.join_url) and self.start is not None
                and can_join(self.start, now, self.slot_minutes))

    def can_cancel(self, now: datetime) -> bool:
        return self.status in (VisitStatus.BOOKED, VisitStatus.PENDING, VisitStatus.REJECTED) and (
            self.start is None or self.start > now or self.status != VisitStatus.BOOKED)

    def to_json(self) -> dict[str, Any]:
        req = self.request
        return {"id": self.id, "remote_id": self.remote_id, "status": self.status.value, "topic": req.topic,
                "unit_id": req.unit_id, "unit_name": req.unit_name,
                "start": req.start.isoformat() if req.start else None,
                "end": self.end.isoformat() if self.end else None, "name": req.name, "pesel": req.pesel,
                "nip": req.nip, "phone": req.phone, "email": req.email, "note": req.note,
                "guardian": req.guardian, "payer_id": req.payer_id, "proxy": req.proxy,
                "join_url": self.join_url, "last_error": self.last_error}


@dataclass(frozen=True)
class Unit:
    """A ZUS unit offering e-visits, as the booking service lists it."""

    id: str
    name: str
    address: str = ""
    kind: str = ""           # oddział / inspektorat
    coverage: tuple[str, ...] = ()  # postal-code prefixes this (sandbox) unit is suggested for

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Unit:
        return cls(id=str(data["id"]), name=str(data.get("name", "")), address=str(data.get("address", "")),
                   kind=str(data.get("kind", "")), coverage=tuple(data.get("postal_prefixes", ())))


@dataclass(frozen=True)
class Slot:
    start: datetime
    free: int
    minutes: int = DEFAULT_SLOT_MINUTES

    @classmethod
    def from_wire(cls, data: dict[str, Any], minutes: int) -> Slot:
        return cls(start=parse_moment(data["start"]), free=int(data.get("free", 1)), minutes=minutes)

    @property
    def label(self) -> str:
        return to_local(self.start).strftime("%Y-%m-%d %H:%M")
