"""The register service: payers, insured persons (with history), accountants, authorisations.

Every write validates first, runs in one transaction and records who did it in the audit log. The
SQL is in ``register/store.py`` (``RegisterStore``); the audit log is ``store/audit.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from ..audit_entry import AuditEntry
from ..clock import Clock, default_clock
from ..errors import FieldError, UserFacingError, ValidationFailed
from ..events import EventBus
from ..i18n import t
from ..store.audit import AuditLog
from ..store.conn import Conn
from .models import (
    Accountant,
    Authorisation,
    DocumentType,
    InsuredPerson,
    InsuredRecord,
    Payer,
    RegisterSummary,
)
from .store import RegisterStore

DUPLICATE_NIP = t("Płatnik z NIP {nip} już jest w rejestrze ({name}).",
                  "A payer with NIP {nip} is already in the register ({name}).")
DUPLICATE_PESEL = t("Ubezpieczony z PESEL {pesel} jest już zgłoszony u tego płatnika.",
                    "An insured person with PESEL {pesel} is already registered with this payer.")
NO_PAYER = t("Nie ma płatnika o identyfikatorze {key}.", "There is no payer {key}.")
NO_PERSON = t("Nie ma ubezpieczonego o identyfikatorze {key}.", "There is no insured person {key}.")
RECORD_BEFORE = t("Zmiana musi obowiązywać od daty późniejszej niż poprzedni zapis ({last}).",
                  "A change must take effect after the previous record ({last}).")

#: who is acting: the accountant's name, or a function that reads it afresh (the seat's setting)
Actor = Callable[[], str] | str


class RegisterService:
    def __init__(self, store: RegisterStore, *, audit: AuditLog, events: EventBus | None = None,
                 clock: Clock | None = None, actor: Actor = "") -> None:
        self.store = store
        self.audit = audit
        self.events = events or EventBus()
        self.clock = clock or default_clock()
        self._actor: Callable[[], str] = actor if callable(actor) else (lambda: actor)

    @property
    def actor(self) -> str:
        """The accountant recorded in the audit log as the author of this service's changes."""
        return self._actor()

    @actor.setter
    def actor(self, name: str) -> None:  # Ustawienia names another accountant for this desk
        self._actor = lambda: name

    # -- audit --------------------------------------------------------------------------------
    def _audit(self, conn: Conn, action: str, entity: str, entity_id: int | None, details: str = "") -> None:
        self.audit.record(conn, self.actor, action, entity, entity_id, details)

    def audit_entries(self, entity: str | None = None, entity_id: int | None = None) -> list[Any]:
        """Audit entries (rows readable by column name: ``row["action"]``), oldest first."""
        return self.audit.entries(entity, entity_id)

    def client_history(self, payer: int | str, since: date | None = None) -> list[AuditEntry]:
        """Everything recorded about one client (payer id or NIP), newest first (``AuditLog.for_client``):
        Płatnicy → Historia zmian and ``eplatnik-cli audit``."""
        return self.audit.for_client(payer, since=since)

    # -- payers -------------------------------------------------------------------------------
    def list_payers(self, include_archived: bool = False, search: str = "") -> list[Payer]:
        return self.store.list_payers(include_archived, search)

    def get_payer(self, payer_id: int) -> Payer:
        payer = self.store.get_payer(payer_id)
        if payer is None:
            raise UserFacingError(NO_PAYER(key=payer_id))
        return payer

    def find_payer(self, key: str) -> Payer:
        """Find a payer by NIP (with or without separators), REGON or exact short name."""
        from .validation import compact_digits

        payer = self.store.find_payer(compact_digits(key), key.strip())
        if payer is None:
            raise UserFacingError(NO_PAYER(key=key))
        return payer

    def _check_payer(self, payer: Payer) -> Payer:
        payer = payer.normalised()
        errors = payer.validate()
        if errors:
            raise ValidationFailed(errors)
        return payer

    def add_payer(self, payer: Payer) -> Payer:
        payer = self._check_payer(payer)

        def tx(conn: Conn) -> int:
            dup = self.store.payer_name_with_nip(conn, payer.nip)
            if dup is not None:
                raise ValidationFailed([FieldError("nip", DUPLICATE_NIP(nip=payer.nip, name=dup))])
            payer_id = self.store.insert_payer(conn, payer, self.clock.now_iso())
            self._audit(conn, "payer.add", "payer", payer_id, payer.nip)
            return payer_id

        payer = replace(payer, id=self.store.transaction(tx))
        self.events.publish("register.changed", entity="payer", id=payer.id)
        return payer

    def update_payer(self, payer: Payer) -> Payer:
        if payer.id is None:
            raise ValueError("payer without id")
        payer = self._check_payer(payer)

        def tx(conn: Conn) -> None:
            dup = self.store.payer_name_with_nip(conn, payer.nip, other_than=payer.id)
            if dup is not None:
                raise ValidationFailed([FieldError("nip", DUPLICATE_NIP(nip=payer.nip, name=dup))])
            self.store.update_payer(conn, payer, self.clock.now_iso())
            self._audit(conn, "payer.update", "payer", payer.id, payer.nip)

        self.store.transaction(tx)
        self.events.publish("register.changed", entity="payer", id=payer.id)
        return payer

    def archive_payer(self, payer_id: int, archived: bool = True) -> None:
        def tx(conn: Conn) -> None:
            self.store.set_archived(conn, payer_id, archived)
            self._audit(conn, "payer.archive" if archived else "payer.restore", "payer", payer_id)

        self.store.transaction(tx)
        self.events.publish("register.changed", entity="payer", id=payer_id)

    # -- insured persons ---------------------------------------------------------------------
    def list_insured(self, payer_id: int | None = None, on: date | None = None,
                     active_only: bool = False) -> list[InsuredPerson]:
        on = on or date.max
        people = self.store.list_insured(payer_id, on)
        if active_only and on != date.max:
            people = [p for p in people if p.record.active_on(on)]
        return people

    def get_insured(self, person_id: int, on: date | None = None) -> InsuredPerson:
        person = self.store.get_insured(person_id, on or date.max)
        if person is None:
            raise UserFacingError(NO_PERSON(key=person_id))
        return person

    def insured_history(self, person_id: int) -> list[InsuredRecord]:
        return self.store.insured_history(person_id)

    def _check_person(self, person: InsuredPerson) -> InsuredPerson:
        from .validation import compact_digits

        person = replace(person, pesel=compact_digits(person.pesel),
                         document_type=DocumentType(person.document_type),
                         document_number=person.document_number.strip().upper())
        errors = person.validate()
        if errors:
            raise ValidationFailed(errors)
        return person

    def _insert_person(self, conn: Conn, person: InsuredPerson) -> int:
        if person.pesel and self.store.pesel_taken(conn, person.payer_id, person.pesel):
            raise ValidationFailed([FieldError("pesel", DUPLICATE_PESEL(pesel=person.pesel))])
        person_id = self.store.insert_person(conn, person, self.clock.now_iso())
        record = replace(person.record, valid_from=person.record.valid_from or person.record.start_date,
                         recorded_by=self.actor)
        self.store.insert_record(conn, person_id, record, self.clock.now_iso())
        self._audit(conn, "insured.add", "insured", person_id, person.identifier)
        return person_id

    def add_insured(self, person: InsuredPerson) -> InsuredPerson:
        person = self._check_person(person)
        person_id = self.store.transaction(lambda conn: self._insert_person(conn, person))
        self.events.publish("register.changed", entity="insured", id=person_id, payer_id=person.payer_id)
        return self.get_insured(person_id)

    def add_insured_many(self, people: Iterable[InsuredPerson]) -> list[int]:
        """All-or-nothing insert (CSV import): one failure rolls everything back."""
        checked = [self._check_person(p) for p in people]

        def tx(conn: Conn) -> list[int]:
            return [self._insert_person(conn, p) for p in checked]

        ids = self.store.transaction(tx)
        self.events.publish("register.changed", entity="insured", ids=ids)
        return ids

    def change_insured(self, person_id: int, record: InsuredRecord, valid_from: date) -> InsuredRecord:
        """Record a change effective ``valid_from``; earlier records stay as history."""
        current = self.get_insured(person_id)
        person = replace(current, record=record)
        self._check_person(person)
        history = self.insured_history(person_id)
        last = history[-1].valid_from if history else None
        if last is not None and valid_from < last:
            raise ValidationFailed([FieldError("valid_from", RECORD_BEFORE(last=last.isoformat()))])
        new = replace(record, valid_from=valid_from, recorded_by=self.actor)

        def tx(conn: Conn) -> None:
            self.store.insert_record(conn, person_id, new, self.clock.now_iso())
            self._audit(conn, "insured.change", "insured", person_id, valid_from.isoformat())

        self.store.transaction(tx)
        self.events.publish("register.changed", entity="insured", id=person_id, payer_id=current.payer_id)
        return self.insured_history(person_id)[-1]

    def count_insured(self, payer_id: int | None = None) -> int:
        return self.store.count_insured(payer_id)

    def insured_counts(self) -> dict[int, int]:
        """payer id → how many insured persons it has (payers without any are left out)."""
        return self.store.insured_counts()

    # -- the payer's contribution account number (NRS) as entered from ZUS's letter -----------------
    def entered_nrs(self, payer_id: int) -> str | None:
        return self.store.entered_nrs(payer_id)

    def all_entered_nrs(self) -> dict[int, str]:
        """payer id → the NRS entered from ZUS's letter, for every payer that has one."""
        return self.store.all_entered_nrs()

    def set_entered_nrs(self, payer_id: int, nrs: str | None, actor: str | None = None) -> None:
        """Record the NRS from ZUS's letter (``None`` forgets it: the one derived from the NIP applies)."""
        actor = self.actor if actor is None else actor

        def tx(conn: Conn) -> None:
            now = self.clock.now_iso()
            self.store.set_entered_nrs(conn, payer_id, nrs, actor, now)
            self.audit.record(conn, actor, "payer.nrs", "payer", payer_id, nrs or "(derived)", at=now)

        self.store.transaction(tx)

    # -- accountants and authorisations ------------------------------------------------------
    def add_accountant(self, accountant: Accountant) -> Accountant:
        from .validation import check_email, check_pesel, check_required

        errors = [FieldError(n, m) for n, m in (("name", check_required(accountant.name)),
                                                ("pesel", check_pesel(accountant.pesel)),
                                                ("email", check_email(accountant.email))) if m]
        if errors:
            raise ValidationFailed(errors)

        def tx(conn: Conn) -> int:
            found = self.store.accountant_id(conn, accountant.name.strip())
            if found is not None:
                return found
            new_id = self.store.insert_accountant(conn, accountant)
            self._audit(conn, "accountant.add", "accountant", new_id, accountant.name)
            return new_id

        return replace(accountant, id=self.store.transaction(tx))

    def list_accountants(self) -> list[Accountant]:
        return self.store.list_accountants()

    def add_authorisation(self, auth: Authorisation) -> Authorisation:
        if auth.valid_to is not None and auth.valid_to < auth.valid_from:
            from .validation import DATE_ORDER

            raise ValidationFailed([FieldError("valid_to", DATE_ORDER)])

        def tx(conn: Conn) -> int:
            new_id = self.store.insert_authorisation(conn, auth, self.clock.now_iso())
            self._audit(conn, "authorisation.add", "payer", auth.payer_id, auth.reference)
            return new_id

        new_id = self.store.transaction(tx)
        self.events.publish("register.changed", entity="authorisation", id=new_id)
        return next(a for a in self.list_authorisations() if a.id == new_id)

    def revoke_authorisation(self, auth_id: int) -> None:
        def tx(conn: Conn) -> None:
            self.store.revoke_authorisation(conn, auth_id)
            self._audit(conn, "authorisation.revoke", "authorisation", auth_id)

        self.store.transaction(tx)
        self.events.publish("register.changed", entity="authorisation", id=auth_id)

    def list_authorisations(self, payer_id: int | None = None) -> list[Authorisation]:
        return self.store.list_authorisations(payer_id)

    def expiring_authorisations(self, today: date, within_days: int = 30) -> list[Authorisation]:
        return [a for a in self.list_authorisations() if a.expires_within(today, within_days)]

    def is_authorised(self, payer_id: int, accountant_name: str, day: date) -> bool:
        return any(a.accountant_name == accountant_name and a.active_on(day)
                   for a in self.list_authorisations(payer_id))

    # -- summary ------------------------------------------------------------------------------
    def summary(self) -> RegisterSummary:
        return self.store.summary()
