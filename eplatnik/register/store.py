"""SQL of the register: payers, insured persons (with their dated records), accountants, authorisations.

Portable SQL only: ids come from ``RETURNING id``, names are ordered in Python (``sorting.nocase_key``)
and searched with ``lower(…) LIKE lower(…)``. Reads run on their own (``Database.run``); writes take the
``conn`` of a transaction the service opens with :meth:`RegisterStore.transaction`, so the service's
checks, the change and its audit entry are one unit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from ..store.conn import Conn
from ..store.database import Database
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
from .sorting import nocase_key

R = TypeVar("R")

_PAYER_COLUMNS = ("nip", "regon", "pesel", "full_name", "short_name", "payer_type", "first_name", "last_name",
                  "birth_date", "street", "house_no", "flat_no", "postal_code", "city", "email", "phone",
                  "accident_rate", "bank_account", "notes", "contribution_scheme", "health_tax_form",
                  "archived")
_RECORD_COLUMNS = ("valid_from", "first_name", "second_name", "last_name", "birth_date", "street",
                   "house_no", "flat_no", "postal_code", "city", "insurance_title_code",
                   "work_time_numerator", "work_time_denominator", "gross_pay", "start_date", "end_date",
                   "voluntary_sickness", "recorded_by")
_INSERT_RECORD = (f"INSERT INTO insured_records (person_id, {', '.join(_RECORD_COLUMNS)}, recorded_at) "
                  f"VALUES ({', '.join('?' * (len(_RECORD_COLUMNS) + 2))})")

_CURRENT_RECORDS_SQL = """
SELECT p.id AS pid, p.payer_id, p.pesel, p.document_type, p.document_number, r.id AS rid, r.*
FROM insured_persons p
JOIN insured_records r ON r.id = (
    SELECT r2.id FROM insured_records r2
    WHERE r2.person_id = p.id AND r2.valid_from <= :on
    ORDER BY r2.valid_from DESC, r2.id DESC LIMIT 1)
"""

_AUTHORISATIONS_SQL = ("SELECT a.*, c.name AS accountant_name, p.short_name AS payer_name, p.nip AS payer_nip "
                       "FROM authorisations a JOIN accountants c ON c.id = a.accountant_id "
                       "JOIN payers p ON p.id = a.payer_id")


def _d(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def payer_from_row(row: Any) -> Payer:
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


def record_from_row(row: Any, id_column: str = "id") -> InsuredRecord:
    return InsuredRecord(
        id=row[id_column], valid_from=_d(row["valid_from"]),
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


def person_from_row(row: Any) -> InsuredPerson:
    return InsuredPerson(id=row["pid"], payer_id=row["payer_id"], pesel=row["pesel"],
                         document_type=DocumentType(row["document_type"]),
                         document_number=row["document_number"], record=record_from_row(row, "rid"))


def _authorisation(r: Any) -> Authorisation:
    return Authorisation(id=r["id"], payer_id=r["payer_id"], accountant_id=r["accountant_id"],
                         scope=AuthorisationScope(r["scope"]), reference=r["reference"],
                         valid_from=date.fromisoformat(r["valid_from"]), valid_to=_d(r["valid_to"]),
                         revoked=bool(r["revoked"]), accountant_name=r["accountant_name"],
                         payer_name=r["payer_name"], payer_nip=r["payer_nip"])


class RegisterStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, sql: str, params: Any = ()) -> list[Any]:
        return self.db.run(lambda c: c.execute_legacy(sql, params).fetchall())

    def _scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.db.run(lambda c: c.execute_legacy(sql, params).fetchone())
        return None if row is None else row[0]

    def transaction(self, fn: Callable[[Conn], R]) -> R:
        """Run ``fn(conn)`` as one write transaction (all or nothing)."""
        return self.db.transaction(fn)

    # -- payers -------------------------------------------------------------------------------
    def list_payers(self, include_archived: bool = False, search: str = "") -> list[Payer]:
        """By short name (case of A–Z ignored), then id; ``search`` matches names (any case), NIP, REGON."""
        sql = "SELECT * FROM payers"
        clauses, params = [], []
        if not include_archived:
            clauses.append("archived = 0")
        if search.strip():
            needle = f"%{search.strip().replace(' ', '').replace('-', '')}%"
            clauses.append("(lower(full_name) LIKE lower(?) OR lower(short_name) LIKE lower(?)"
                           " OR nip LIKE ? OR regon LIKE ?)")
            params += [f"%{search.strip()}%", f"%{search.strip()}%", needle, needle]
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        payers = [payer_from_row(r) for r in self._rows(sql, tuple(params))]
        return sorted(payers, key=lambda p: (nocase_key(p.short_name), p.id))

    def get_payer(self, payer_id: int) -> Payer | None:
        rows = self._rows("SELECT * FROM payers WHERE id = ?", (payer_id,))
        return payer_from_row(rows[0]) if rows else None

    def find_payer(self, digits: str, short_name: str) -> Payer | None:
        """The payer with NIP or REGON ``digits``, or with exactly this short name."""
        rows = self._rows("SELECT * FROM payers WHERE nip = ? OR (regon <> '' AND regon = ?) OR short_name = ?",
                          (digits, digits, short_name))
        return payer_from_row(rows[0]) if rows else None

    def payer_name_with_nip(self, conn: Conn, nip: str, other_than: int | None = None) -> str | None:
        """The short name of a payer (other than ``other_than``) that already has this NIP."""
        if other_than is None:
            row = conn.execute_legacy("SELECT short_name FROM payers WHERE nip = ?", (nip,)).fetchone()
        else:
            row = conn.execute_legacy("SELECT short_name FROM payers WHERE nip = ? AND id <> ?",
                                      (nip, other_than)).fetchone()
        return None if row is None else str(row[0])

    def insert_payer(self, conn: Conn, payer: Payer, now: str) -> int:
        return int(conn.execute_legacy(
            f"INSERT INTO payers ({', '.join(_PAYER_COLUMNS)}, created_at, updated_at) "
            f"VALUES ({', '.join('?' * (len(_PAYER_COLUMNS) + 2))}) RETURNING id",
            (*_payer_values(payer), now, now)).fetchone()[0])

    def update_payer(self, conn: Conn, payer: Payer, now: str) -> None:
        sets = ", ".join(f"{c} = ?" for c in _PAYER_COLUMNS)
        conn.execute_legacy(f"UPDATE payers SET {sets}, updated_at = ? WHERE id = ?",
                            (*_payer_values(payer), now, payer.id))

    def set_archived(self, conn: Conn, payer_id: int, archived: bool) -> None:
        conn.execute_legacy("UPDATE payers SET archived = ? WHERE id = ?", (int(archived), payer_id))

    # -- insured persons ---------------------------------------------------------------------
    def list_insured(self, payer_id: int | None, on: date) -> list[InsuredPerson]:
        """Each person with the record in force on ``on``; by last name, first name (case of A–Z
        ignored), then id."""
        sql = _CURRENT_RECORDS_SQL
        params: dict[str, object] = {"on": on.isoformat()}
        if payer_id is not None:
            sql += " WHERE p.payer_id = :payer"
            params["payer"] = payer_id
        people = [person_from_row(r) for r in self._rows(sql, params)]
        return sorted(people, key=lambda p: (nocase_key(p.record.last_name), nocase_key(p.record.first_name),
                                             p.id))

    def get_insured(self, person_id: int, on: date) -> InsuredPerson | None:
        rows = self._rows(_CURRENT_RECORDS_SQL + " WHERE p.id = :pid", {"on": on.isoformat(), "pid": person_id})
        return person_from_row(rows[0]) if rows else None

    def insured_history(self, person_id: int) -> list[InsuredRecord]:
        rows = self._rows("SELECT * FROM insured_records WHERE person_id = ? ORDER BY valid_from, id", (person_id,))
        return [record_from_row(r) for r in rows]

    def pesel_taken(self, conn: Conn, payer_id: int | None, pesel: str) -> bool:
        return conn.execute_legacy("SELECT 1 FROM insured_persons WHERE payer_id = ? AND pesel = ?",
                                   (payer_id, pesel)).fetchone() is not None

    def insert_person(self, conn: Conn, person: InsuredPerson, now: str) -> int:
        """The person (without a record: add one with :meth:`insert_record`); its new id."""
        return int(conn.execute_legacy(
            "INSERT INTO insured_persons (payer_id, pesel, document_type, document_number, created_at) "
            "VALUES (?,?,?,?,?) RETURNING id",
            (person.payer_id, person.pesel, person.document_type.value, person.document_number, now)).fetchone()[0])

    def insert_record(self, conn: Conn, person_id: int, record: InsuredRecord, now: str) -> None:
        conn.execute_legacy(_INSERT_RECORD, (*_record_values(person_id, record), now))

    def count_insured(self, payer_id: int | None = None) -> int:
        if payer_id is None:
            return int(self._scalar("SELECT COUNT(*) FROM insured_persons"))
        return int(self._scalar("SELECT COUNT(*) FROM insured_persons WHERE payer_id = ?", (payer_id,)))

    def insured_counts(self) -> dict[int, int]:
        """payer id → how many insured persons it has (payers without any are left out)."""
        return {int(r[0]): int(r[1]) for r in
                self._rows("SELECT payer_id, COUNT(*) FROM insured_persons GROUP BY payer_id")}

    # -- the payer's contribution account number (NRS) as entered from ZUS's letter -----------------
    def entered_nrs(self, payer_id: int) -> str | None:
        value = self._scalar("SELECT nrs FROM payer_contribution_accounts WHERE payer_id = ?", (payer_id,))
        return str(value) if value else None

    def all_entered_nrs(self) -> dict[int, str]:
        """payer id → the NRS entered from ZUS's letter, for every payer that has one."""
        return {int(r[0]): str(r[1]) for r in self._rows("SELECT payer_id, nrs FROM payer_contribution_accounts")}

    def set_entered_nrs(self, conn: Conn, payer_id: int, nrs: str | None, actor: str, now: str) -> None:
        """Replace the payer's entered NRS (``None``: none entered, the one derived from the NIP applies)."""
        conn.execute_legacy("DELETE FROM payer_contribution_accounts WHERE payer_id = ?", (payer_id,))
        if nrs:
            conn.execute_legacy("INSERT INTO payer_contribution_accounts (payer_id, nrs, entered_by, entered_at) "
                                "VALUES (?, ?, ?, ?)", (payer_id, nrs, actor, now))

    # -- accountants and authorisations ------------------------------------------------------
    def accountant_id(self, conn: Conn, name: str) -> int | None:
        row = conn.execute_legacy("SELECT id FROM accountants WHERE name = ?", (name,)).fetchone()
        return None if row is None else int(row[0])

    def insert_accountant(self, conn: Conn, accountant: Accountant) -> int:
        return int(conn.execute_legacy(
            "INSERT INTO accountants (name, pesel, email, active) VALUES (?,?,?,?) RETURNING id",
            (accountant.name.strip(), accountant.pesel, accountant.email, int(accountant.active))).fetchone()[0])

    def list_accountants(self) -> list[Accountant]:
        return [Accountant(id=r["id"], name=r["name"], pesel=r["pesel"], email=r["email"], active=bool(r["active"]))
                for r in self._rows("SELECT * FROM accountants ORDER BY name")]

    def insert_authorisation(self, conn: Conn, auth: Authorisation, now: str) -> int:
        return int(conn.execute_legacy(
            "INSERT INTO authorisations (payer_id, accountant_id, scope, reference, valid_from, valid_to, revoked,"
            " created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
            (auth.payer_id, auth.accountant_id, auth.scope.value, auth.reference, auth.valid_from.isoformat(),
             _iso(auth.valid_to), int(auth.revoked), now)).fetchone()[0])

    def revoke_authorisation(self, conn: Conn, auth_id: int) -> None:
        conn.execute_legacy("UPDATE authorisations SET revoked = 1 WHERE id = ?", (auth_id,))

    def list_authorisations(self, payer_id: int | None = None) -> list[Authorisation]:
        """By the payer's short name (case of A–Z ignored), then from when they hold."""
        sql, params = _AUTHORISATIONS_SQL, tuple[object, ...]()
        if payer_id is not None:
            sql += " WHERE a.payer_id = ?"
            params = (payer_id,)
        rows = [_authorisation(r) for r in self._rows(sql + " ORDER BY a.valid_from, a.id", params)]
        return sorted(rows, key=lambda a: nocase_key(a.payer_name))  # stable: valid_from order kept

    # -- summary ------------------------------------------------------------------------------
    def summary(self) -> RegisterSummary:
        def q(conn: Conn) -> RegisterSummary:
            s = RegisterSummary()
            for row in conn.execute_legacy("SELECT payer_type, archived, COUNT(*) FROM payers "
                                           "GROUP BY payer_type, archived"):
                if row[1]:
                    s.archived += row[2]
                else:
                    s.payers += row[2]
                    s.by_type[row[0]] = row[2]
            s.insured = conn.execute_legacy("SELECT COUNT(*) FROM insured_persons").fetchone()[0]
            s.accountants = conn.execute_legacy("SELECT COUNT(*) FROM accountants").fetchone()[0]
            return s

        return self.db.run(q)
