"""The register service: payers, insured persons (with history), accountants, authorisations.

All SQL for the register lives here and runs on the database worker (``Database.run``). Every
write validates first, runs in one transaction and records who did it in the audit log.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from ..clock import Clock, default_clock
from ..errors import FieldError, UserFacingError, ValidationFailed
from ..events import EventBus
from ..i18n import t
from ..store.db import Database
from ..workdays import PayerType
from .models import (
    Accountant,
    Authorisation,
    AuthorisationScope,
    ContributionScheme,
    DocumentType,
    HealthTaxForm,
    InsuredPerson,
    InsuredRecord,
    Payer,
    RegisterSummary,
)

DUPLICATE_NIP = t("Płatnik z NIP {nip} już jest w rejestrze ({name}).",
                  "A payer with NIP {nip} is already in the register ({name}).")
DUPLICATE_PESEL = t("Ubezpieczony z PESEL {pesel} jest już zgłoszony u tego płatnika.",
                    "An insured person with PESEL {pesel} is already registered with this payer.")
NO_PAYER = t("Nie ma płatnika o identyfikatorze {key}.", "There is no payer {key}.")
NO_PERSON = t("Nie ma ubezpieczonego o identyfikatorze {key}.", "There is no insured person {key}.")
RECORD_BEFORE = t("Zmiana musi obowiązywać od daty późniejszej niż poprzedni zapis ({last}).",
                  "A change must take effect after the previous record ({last}).")

_PAYER_COLUMNS = ("nip", "regon", "pesel", "full_name", "short_name", "payer_type", "first_name", "last_name",
                  "birth_date", "street", "house_no", "flat_no", "postal_code", "city", "email", "phone",
                  "accident_rate", "bank_account", "notes", "contribution_scheme", "health_tax_form",
                  "archived")
_RECORD_COLUMNS = ("valid_from", "first_name", "second_name", "last_name", "birth_date", "street",
                   "house_no", "flat_no", "postal_code", "city", "insurance_title_code",
                   "work_time_numerator", "work_time_denominator", "gross_pay", "start_date", "end_date",
                   "voluntary_sickness", "recorded_by")


def _d(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def payer_from_row(row: sqlite3.Row) -> Payer:
    return Payer(
        id=row["id"], nip=row["nip"], regon=row["regon"], pesel=row["pesel"], full_name=row["full_name"],
        short_name=row["short_name"], payer_type=PayerType(row["payer_type"]), first_name=row["first_name"],
        last_name=row["last_name"], birth_date=_d(row["birth_date"]), street=row["street"],
        house_no=row["house_no"], flat_no=row["flat_no"], postal_code=row["postal_code"], city=row["city"],
        email=row["email"], phone=row["phone"], accident_rate=Decimal(row["accident_rate"]),
        bank_account=row["bank_account"], notes=row["notes"],
        contribution_scheme=ContributionScheme(row["contribution_scheme"]),
        health_tax_form=HealthTaxForm(row["health_tax_form"]), archived=bool(row["archived"]),
    )


def _payer_values(p: Payer) -> tuple:
    return (p.nip, p.regon, p.pesel, p.full_name, p.short_name, p.payer_type.value, p.first_name, p.last_name,
            _iso(p.birth_date), p.street, p.house_no, p.flat_no, p.postal_code, p.city, p.email, p.phone,
            str(p.accident_rate), p.bank_account, p.notes, p.contribution_scheme.value, p.health_tax_form.value,
            int(p.archived))


def record_from_row(row: sqlite3.Row) -> InsuredRecord:
    return InsuredRecord(
        id=row["rid"] if "rid" in row.keys() else row["id"],  # noqa: SIM118 - sqlite3.Row
        valid_from=_d(row["valid_from"]),
        first_name=row["first_name"], second_name=row["second_name"], last_name=row["last_name"],
        birth_date=date.fromisoformat(row["birth_date"]), street=row["street"], house_no=row["house_no"],
        flat_no=row["flat_no"], postal_code=row["postal_code"], city=row["city"],
        insurance_title_code=row["insurance_title_code"], work_time_numerator=row["work_time_numerator"],
        work_time_denominator=row["work_time_denominator"], gross_pay=Decimal(row["gross_pay"]),
        start_date=date.fromisoformat(row["start_date"]), end_date=_d(row["end_date"]),
        voluntary_sickness=bool(row["voluntary_sickness"]), recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
    )


def _record_values(person_id: int, r: InsuredRecord) -> tuple:
    return (person_id, _iso(r.valid_from), r.first_name.strip(), r.second_name.strip(), r.last_name.strip(),
            _iso(r.birth_date), r.street, r.house_no, r.flat_no, r.postal_code.strip(), r.city,
            r.insurance_title_code.replace(" ", ""), r.work_time_numerator, r.work_time_denominator,
            str(r.gross_pay), _iso(r.start_date), _iso(r.end_date), int(r.voluntary_sickness), r.recorded_by)


_CURRENT_RECORDS_SQL = """
SELECT p.id AS pid, p.payer_id, p.pesel, p.document_type, p.document_number, r.id AS rid, r.*
FROM insured_persons p
JOIN insured_records r ON r.id = (
    SELECT r2.id FROM insured_records r2
    WHERE r2.person_id = p.id AND r2.valid_from <= :on
    ORDER BY r2.valid_from DESC, r2.id DESC LIMIT 1)
"""


def person_from_row(row: sqlite3.Row) -> InsuredPerson:
    return InsuredPerson(id=row["pid"], payer_id=row["payer_id"], pesel=row["pesel"],
                         document_type=DocumentType(row["document_type"]),
                         document_number=row["document_number"], record=record_from_row(row))


class RegisterService:
    def __init__(self, db: Database, events: EventBus | None = None, actor: str = "", *,
                 clock: Clock | None = None) -> None:
        self.db = db
        self.events = events or EventBus()
        self.actor = actor
        self.clock = clock or default_clock()

    # -- audit --------------------------------------------------------------------------------
    def _audit(self, conn: sqlite3.Connection, action: str, entity: str, entity_id: int | None,
               details: str = "") -> None:
        conn.execute("INSERT INTO audit_log (actor, action, entity, entity_id, details, at) VALUES (?,?,?,?,?,?)",
                     (self.actor, action, entity, entity_id, details, self.clock.now_iso()))

    def audit_entries(self, entity: str | None = None, entity_id: int | None = None) -> list[sqlite3.Row]:
        sql, params = "SELECT * FROM audit_log", []
        if entity is not None:
            sql += " WHERE entity = ? AND entity_id = ?"
            params = [entity, entity_id]
        return self.db.query(sql + " ORDER BY id", tuple(params))

    # -- payers -------------------------------------------------------------------------------
    def list_payers(self, include_archived: bool = False, search: str = "") -> list[Payer]:
        sql = "SELECT * FROM payers"
        clauses, params = [], []
        if not include_archived:
            clauses.append("archived = 0")
        if search.strip():
            needle = f"%{search.strip().replace(' ', '').replace('-', '')}%"
            clauses.append("(full_name LIKE ? OR short_name LIKE ? OR nip LIKE ? OR regon LIKE ?)")
            params += [f"%{search.strip()}%", f"%{search.strip()}%", needle, needle]
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY short_name COLLATE NOCASE, id"
        return [payer_from_row(r) for r in self.db.query(sql, tuple(params))]

    def get_payer(self, payer_id: int) -> Payer:
        rows = self.db.query("SELECT * FROM payers WHERE id = ?", (payer_id,))
        if not rows:
            raise UserFacingError(NO_PAYER(key=payer_id))
        return payer_from_row(rows[0])

    def find_payer(self, key: str) -> Payer:
        """Find a payer by NIP (with or without separators), REGON or exact short name."""
        from .validation import compact_digits

        digits = compact_digits(key)
        rows = self.db.query("SELECT * FROM payers WHERE nip = ? OR (regon <> '' AND regon = ?) OR short_name = ?",
                             (digits, digits, key.strip()))
        if not rows:
            raise UserFacingError(NO_PAYER(key=key))
        return payer_from_row(rows[0])

    def _check_payer(self, payer: Payer) -> Payer:
        payer = payer.normalised()
        errors = payer.validate()
        if errors:
            raise ValidationFailed(errors)
        return payer

    def add_payer(self, payer: Payer) -> Payer:
        payer = self._check_payer(payer)

        def tx(conn: sqlite3.Connection) -> int:
            dup = conn.execute("SELECT short_name FROM payers WHERE nip = ?", (payer.nip,)).fetchone()
            if dup:
                raise ValidationFailed([FieldError("nip", DUPLICATE_NIP(nip=payer.nip, name=dup[0]))])
            now = self.clock.now_iso()
            cur = conn.execute(
                f"INSERT INTO payers ({', '.join(_PAYER_COLUMNS)}, created_at, updated_at) "
                f"VALUES ({', '.join('?' * (len(_PAYER_COLUMNS) + 2))})",
                (*_payer_values(payer), now, now))
            self._audit(conn, "payer.add", "payer", cur.lastrowid, payer.nip)
            return int(cur.lastrowid)  # type: ignore[arg-type]

        payer = replace(payer, id=self.db.transaction(tx))
        self.events.publish("register.changed", entity="payer", id=payer.id)
        return payer

    def update_payer(self, payer: Payer) -> Payer:
        if payer.id is None:
            raise ValueError("payer without id")
        payer = self._check_payer(payer)

        def tx(conn: sqlite3.Connection) -> None:
            dup = conn.execute("SELECT short_name FROM payers WHERE nip = ? AND id <> ?",
                               (payer.nip, payer.id)).fetchone()
            if dup:
                raise ValidationFailed([FieldError("nip", DUPLICATE_NIP(nip=payer.nip, name=dup[0]))])
            sets = ", ".join(f"{c} = ?" for c in _PAYER_COLUMNS)
            conn.execute(f"UPDATE payers SET {sets}, updated_at = ? WHERE id = ?",
                         (*_payer_values(payer), self.clock.now_iso(), payer.id))
            self._audit(conn, "payer.update", "payer", payer.id, payer.nip)

        self.db.transaction(tx)
        self.events.publish("register.changed", entity="payer", id=payer.id)
        return payer

    def archive_payer(self, payer_id: int, archived: bool = True) -> None:
        def tx(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE payers SET archived = ? WHERE id = ?", (int(archived), payer_id))
            self._audit(conn, "payer.archive" if archived else "payer.restore", "payer", payer_id)

        self.db.transaction(tx)
        self.events.publish("register.changed", entity="payer", id=payer_id)

    # -- insured persons ---------------------------------------------------------------------
    def list_insured(self, payer_id: int | None = None, on: date | None = None,
                     active_only: bool = False) -> list[InsuredPerson]:
        on = on or date.max
        sql = _CURRENT_RECORDS_SQL
        params: dict[str, object] = {"on": on.isoformat()}
        if payer_id is not None:
            sql += " WHERE p.payer_id = :payer"
            params["payer"] = payer_id
        sql += " ORDER BY r.last_name COLLATE NOCASE, r.first_name COLLATE NOCASE, p.id"
        people = [person_from_row(r) for r in self.db.query(sql, params)]
        if active_only and on != date.max:
            people = [p for p in people if p.record.active_on(on)]
        return people

    def get_insured(self, person_id: int, on: date | None = None) -> InsuredPerson:
        rows = self.db.query(_CURRENT_RECORDS_SQL + " WHERE p.id = :pid",
                             {"on": (on or date.max).isoformat(), "pid": person_id})
        if not rows:
            raise UserFacingError(NO_PERSON(key=person_id))
        return person_from_row(rows[0])

    def insured_history(self, person_id: int) -> list[InsuredRecord]:
        rows = self.db.query("SELECT * FROM insured_records WHERE person_id = ? ORDER BY valid_from, id",
                             (person_id,))
        return [record_from_row(r) for r in rows]

    def _check_person(self, person: InsuredPerson) -> InsuredPerson:
        from .validation import compact_digits

        person = replace(person, pesel=compact_digits(person.pesel),
                         document_type=DocumentType(person.document_type),
                         document_number=person.document_number.strip().upper())
        errors = person.validate()
        if errors:
            raise ValidationFailed(errors)
        return person

    def _insert_person(self, conn: sqlite3.Connection, person: InsuredPerson) -> int:
        if person.pesel:
            dup = conn.execute("SELECT 1 FROM insured_persons WHERE payer_id = ? AND pesel = ?",
                               (person.payer_id, person.pesel)).fetchone()
            if dup:
                raise ValidationFailed([FieldError("pesel", DUPLICATE_PESEL(pesel=person.pesel))])
        cur = conn.execute("INSERT INTO insured_persons (payer_id, pesel, document_type, document_number, created_at) "
                           "VALUES (?,?,?,?,?)", (person.payer_id, person.pesel, person.document_type.value,
                                                  person.document_number, self.clock.now_iso()))
        person_id = int(cur.lastrowid)  # type: ignore[arg-type]
        record = replace(person.record, valid_from=person.record.valid_from or person.record.start_date,
                         recorded_by=self.actor)
        conn.execute(f"INSERT INTO insured_records (person_id, {', '.join(_RECORD_COLUMNS)}, recorded_at) "
                     f"VALUES ({', '.join('?' * (len(_RECORD_COLUMNS) + 2))})",
                     (*_record_values(person_id, record), self.clock.now_iso()))
        self._audit(conn, "insured.add", "insured", person_id, person.identifier)
        return person_id

    def add_insured(self, person: InsuredPerson) -> InsuredPerson:
        person = self._check_person(person)
        person_id = self.db.transaction(lambda conn: self._insert_person(conn, person))
        self.events.publish("register.changed", entity="insured", id=person_id, payer_id=person.payer_id)
        return self.get_insured(person_id)

    def add_insured_many(self, people: Iterable[InsuredPerson]) -> list[int]:
        """All-or-nothing insert (CSV import): one failure rolls everything back."""
        checked = [self._check_person(p) for p in people]

        def tx(conn: sqlite3.Connection) -> list[int]:
            return [self._insert_person(conn, p) for p in checked]

        ids = self.db.transaction(tx)
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

        def tx(conn: sqlite3.Connection) -> None:
            conn.execute(f"INSERT INTO insured_records (person_id, {', '.join(_RECORD_COLUMNS)}, recorded_at) "
                         f"VALUES ({', '.join('?' * (len(_RECORD_COLUMNS) + 2))})",
                         (*_record_values(person_id, new), self.clock.now_iso()))
            self._audit(conn, "insured.change", "insured", person_id, valid_from.isoformat())

        self.db.transaction(tx)
        self.events.publish("register.changed", entity="insured", id=person_id, payer_id=current.payer_id)
        return self.insured_history(person_id)[-1]

    def count_insured(self, payer_id: int | None = None) -> int:
        if payer_id is None:
            return int(self.db.scalar("SELECT COUNT(*) FROM insured_persons"))  # type: ignore[arg-type]
        return int(self.db.scalar("SELECT COUNT(*) FROM insured_persons WHERE payer_id = ?",  # type: ignore[arg-type]
                                  (payer_id,)))

    # -- accountants and authorisations ------------------------------------------------------
    def add_accountant(self, accountant: Accountant) -> Accountant:
        from .validation import check_email, check_pesel, check_required

        errors = [FieldError(n, m) for n, m in (("name", check_required(accountant.name)),
                                                ("pesel", check_pesel(accountant.pesel)),
                                                ("email", check_email(accountant.email))) if m]
        if errors:
            raise ValidationFailed(errors)

        def tx(conn: sqlite3.Connection) -> int:
            row = conn.execute("SELECT id FROM accountants WHERE name = ?", (accountant.name.strip(),)).fetchone()
            if row:
                return int(row[0])
            cur = conn.execute("INSERT INTO accountants (name, pesel, email, active) VALUES (?,?,?,?)",
                               (accountant.name.strip(), accountant.pesel, accountant.email, int(accountant.active)))
            self._audit(conn, "accountant.add", "accountant", cur.lastrowid, accountant.name)
            return int(cur.lastrowid)  # type: ignore[arg-type]

        return replace(accountant, id=self.db.transaction(tx))

    def list_accountants(self) -> list[Accountant]:
        return [Accountant(id=r["id"], name=r["name"], pesel=r["pesel"], email=r["email"], active=bool(r["active"]))
                for r in self.db.query("SELECT * FROM accountants ORDER BY name")]

    def add_authorisation(self, auth: Authorisation) -> Authorisation:
        if auth.valid_to is not None and auth.valid_to < auth.valid_from:
            from .validation import DATE_ORDER

            raise ValidationFailed([FieldError("valid_to", DATE_ORDER)])

        def tx(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO authorisations (payer_id, accountant_id, scope, reference, valid_from, valid_to, revoked,"
                " created_at) VALUES (?,?,?,?,?,?,?,?)",
                (auth.payer_id, auth.accountant_id, auth.scope.value, auth.reference, auth.valid_from.isoformat(),
                 _iso(auth.valid_to), int(auth.revoked), self.clock.now_iso()))
            self._audit(conn, "authorisation.add", "payer", auth.payer_id, auth.reference)
            return int(cur.lastrowid)  # type: ignore[arg-type]

        new_id = self.db.transaction(tx)
        self.events.publish("register.changed", entity="authorisation", id=new_id)
        return next(a for a in self.list_authorisations() if a.id == new_id)

    def revoke_authorisation(self, auth_id: int) -> None:
        def tx(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE authorisations SET revoked = 1 WHERE id = ?", (auth_id,))
            self._audit(conn, "authorisation.revoke", "authorisation", auth_id)

        self.db.transaction(tx)
        self.events.publish("register.changed", entity="authorisation", id=auth_id)

    def list_authorisations(self, payer_id: int | None = None) -> list[Authorisation]:
        sql = ("SELECT a.*, c.name AS accountant_name, p.short_name AS payer_name, p.nip AS payer_nip "
               "FROM authorisations a JOIN accountants c ON c.id = a.accountant_id "
               "JOIN payers p ON p.id = a.payer_id")
        params: tuple = ()
        if payer_id is not None:
            sql += " WHERE a.payer_id = ?"
            params = (payer_id,)
        sql += " ORDER BY p.short_name COLLATE NOCASE, a.valid_from"
        return [Authorisation(id=r["id"], payer_id=r["payer_id"], accountant_id=r["accountant_id"],
                              scope=AuthorisationScope(r["scope"]), reference=r["reference"],
                              valid_from=date.fromisoformat(r["valid_from"]), valid_to=_d(r["valid_to"]),
                              revoked=bool(r["revoked"]), accountant_name=r["accountant_name"],
                              payer_name=r["payer_name"], payer_nip=r["payer_nip"])
                for r in self.db.query(sql, params)]

    def expiring_authorisations(self, today: date, within_days: int = 30) -> list[Authorisation]:
        return [a for a in self.list_authorisations() if a.expires_within(today, within_days)]

    def is_authorised(self, payer_id: int, accountant_name: str, day: date) -> bool:
        return any(a.accountant_name == accountant_name and a.active_on(day)
                   for a in self.list_authorisations(payer_id))

    # -- summary ------------------------------------------------------------------------------
    def summary(self) -> RegisterSummary:
        def q(conn: sqlite3.Connection) -> RegisterSummary:
            s = RegisterSummary()
            for row in conn.execute("SELECT payer_type, archived, COUNT(*) FROM payers GROUP BY 1, 2"):
                if row[1]:
                    s.archived += row[2]
                else:
                    s.payers += row[2]
                    s.by_type[row[0]] = row[2]
            s.insured = conn.execute("SELECT COUNT(*) FROM insured_persons").fetchone()[0]
            s.accountants = conn.execute("SELECT COUNT(*) FROM accountants").fetchone()[0]
            return s

        return self.db.run(q)
