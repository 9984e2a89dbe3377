"""The account service: import statements and manual payments, the ledger per payer, arrears for the
dashboard and the month-end page. Given its collaborators (store, documents, payers, entered NRS
numbers, clock, events) by the composition root."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..clock import Clock
from ..errors import UserFacingError
from ..events import EventBus
from ..i18n import t
from .allocation import Ledger, allocate
from .dues import AcceptedSets, DuesBook
from .interest import load_interest_table
from .matching import Match, NrsIndex
from .money import ZERO, cents, parse_amount
from .statements import BankTransaction, Statement, read_statement
from .store import AccountStore, StoredTransaction

if TYPE_CHECKING:
    from .statements.csv_bank import CsvMapping

Payer = Any   # register.models.Payer, as the payers() collaborator gives it (account does not import register)

UNKNOWN_PAYER = t("Nie ma płatnika o NIP {nip}.", "There is no payer with NIP {nip}.")
UNKNOWN_PAYER_HINT = t("Sprawdź NIP na liście: eplatnik-cli payers list.",
                       "Check the NIP in: eplatnik-cli payers list.")
BAD_AMOUNT = t("Kwota „{text}” nie daje się odczytać.", "The amount '{text}' cannot be read.")
BAD_AMOUNT_HINT = t("Podaj kwotę większą od zera, np. 1234,56.", "Give an amount above zero, e.g. 1234.56.")


class InvalidInput(UserFacingError):
    exit_code = 2


@dataclass(frozen=True)
class ImportRow:
    tx: BankTransaction
    identity: str
    match: Match
    duplicate: bool
    payer_nip: str = ""
    payer_name: str = ""

    @property
    def outcome(self) -> str:
        return "duplicate" if self.duplicate else self.match.status


@dataclass
class ImportReport:
    file_name: str
    statement: Statement
    rows: list[ImportRow] = field(default_factory=list)
    dry_run: bool = False
    import_id: int | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def matched(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "matched"]

    @property
    def ignored(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "ignored"]

    @property
    def duplicates(self) -> list[ImportRow]:
        return [r for r in self.rows if r.duplicate]


@dataclass(frozen=True)
class PayerArrears:
    payer_id: int
    arrears: Decimal
    interest: Decimal
    overpayment: Decimal
    months_behind: int
    oldest: str            # YYYY-MM of the oldest unpaid month after its deadline, "" when none


class AccountService:
    def __init__(self, store: AccountStore, documents: AcceptedSets, payers: Callable[[], list],
                 entered_nrs: Callable[[], dict[int, str]], clock: Clock, events: EventBus,
                 actor: Callable[[], str] | str = "") -> None:
        self.store = store
        self.payers = payers
        self.entered_nrs = entered_nrs
        self.clock = clock
        self.events = events
        self._actor: Callable[[], str] = actor if callable(actor) else (lambda: actor)
        self.dues = DuesBook(store, documents, lambda: {p.id: p.payer_type for p in self.payers()})

    @property
    def actor(self) -> str:
        """The accountant named at this seat (read afresh: a change in Ustawienia applies at once)."""
        return self._actor()

    # -- payments ---------------------------------------------------------------------------------
    def read(self, data: bytes, *, name: str = "", fmt: str | None = None, csv_mapping: CsvMapping | None = None,
             encoding: str | None = None) -> ImportReport:
        """Read and classify a statement without storing anything (the dry run and the GUI preview)."""
        statement = read_statement(data, fmt, name=name, csv_mapping=csv_mapping, encoding=encoding)
        payers = {p.id: p for p in self.payers()}
        index = NrsIndex({p.nip: p.id for p in payers.values()}, self.entered_nrs())
        identities = statement.identities()
        known = self.store.known_identities(identities)
        rows = []
        for tx, identity in zip(statement.transactions, identities):
            match = index.classify(tx)
            payer = payers.get(match.payer_id) if match.payer_id is not None else None
            rows.append(ImportRow(tx, identity, match, identity in known, payer.nip if payer else "",
                                  payer.short_name if payer else ""))
        return ImportReport(name, statement, rows)

    def import_statement(self, data: bytes, *, name: str = "", fmt: str | None = None,
                         csv_mapping: CsvMapping | None = None, encoding: str | None = None,
                         dry_run: bool = False) -> ImportReport:
        report = self.read(data, name=name, fmt=fmt, csv_mapping=csv_mapping, encoding=encoding)
        report.dry_run = dry_run
        if dry_run:
            return report
        now = self.clock.now_iso()
        new = [r for r in report.rows if not r.duplicate]
        meta = {"file_name": name, "file_sha256": hashlib.sha256(data).hexdigest(), "format": report.statement.format,
                "own_account": report.statement.own_account, "transactions": len(report.rows),
                "matched": report.count("matched"), "ignored": report.count("ignored"),
                "duplicates": report.count("duplicate"), "imported_at": now, "actor": self.actor}
        report.import_id, _ = self.store.record_import(meta, [self._row(r.tx, r.identity, r.match,
                                                                         report.statement.format, now) for r in new])
        self.events.publish("account.changed", import_id=report.import_id)
        return report

    def _row(self, tx: BankTransaction, identity: str, match: Match, source: str, now: str) -> dict:
        return {"identity": identity, "source": source, "booked_on": tx.booked_on.isoformat(),
                "amount": f"{cents(tx.amount):.2f}", "currency": tx.currency or "PLN", "direction": tx.direction,
                "own_account": tx.own_account, "counterparty_account": tx.counterparty_account,
                "counterparty_name": tx.counterparty_name, "title": tx.title, "reference": tx.reference,
                "payer_id": match.payer_id, "status": match.status, "reason": match.reason,
                "created_at": now, "created_by": self.actor}

    def add_manual(self, nip: str, booked_on: date, amount: str | Decimal, title: str = "") -> StoredTransaction:
        """A payment typed in by hand (e.g. from a paper confirmation); it counts like an imported one."""
        payer = self._payer(nip)
        value = _positive_amount(amount)
        from ..register.nrs import nrs_for_nip

        account = self.entered_nrs().get(payer.id) or nrs_for_nip(payer.nip)
        now = self.clock.now_iso()
        tx = BankTransaction(booked_on, value, "debit", account, "ZUS", title or "wpłata wpisana ręcznie", "")
        identity = "manual:" + hashlib.sha256(f"{payer.id}|{booked_on}|{value}|{title}|{now}".encode()).hexdigest()
        meta = {"file_name": "", "file_sha256": "", "format": "manual", "own_account": "", "transactions": 1,
                "matched": 1, "ignored": 0, "duplicates": 0, "imported_at": now, "actor": self.actor}
        import_id, _ = self.store.record_import(meta, [self._row(tx, identity, Match("matched", payer.id), "manual",
                                                                 now)])
        self.events.publish("account.changed", import_id=import_id)
        return self.store.transactions(import_id=import_id)[0]

    def delete_manual(self, transaction_id: int) -> bool:
        done = self.store.delete_manual(transaction_id, self.actor, self.clock.now_iso())
        if done:
            self.events.publish("account.changed", transaction_id=transaction_id)
        return done

    def transactions(self, *, payer_id: int | None = None, status: str | None = None) -> list[StoredTransaction]:
        return self.store.transactions(payer_id=payer_id, status=status)

    # -- the account ------------------------------------------------------------------------------
    def _payer(self, nip: str) -> Payer:
        digits = "".join(ch for ch in nip or "" if ch.isdigit())
        for payer in self.payers():
            if payer.nip == digits:
                return payer
        raise InvalidInput(UNKNOWN_PAYER(nip=nip), hint=UNKNOWN_PAYER_HINT)

    def ledger(self, payer_id: int, today: date | None = None) -> Ledger:
        self.dues.refresh()
        dues = self.dues.by_payer().get(payer_id, [])
        payments = [(p.booked_on, p.amount) for p in self.store.transactions(payer_id=payer_id, status="matched")]
        return allocate(dues, payments, today or self.clock.today(), load_interest_table())

    def ledger_for_nip(self, nip: str, today: date | None = None) -> tuple[Payer, Ledger]:
        payer = self._payer(nip)
        return payer, self.ledger(payer.id, today)

    def arrears_by_payer(self, today: date | None = None) -> dict[int, PayerArrears]:
        """Every payer's arrears, interest and overpayment (two queries and one pass; for the dashboard)."""
        self.dues.refresh()
        return self.arrears_from(self.dues.by_payer(), self.store.payments_by_payer(), today or self.clock.today())

    @staticmethod
    def arrears_from(dues: dict, payments: dict, today: date) -> dict[int, PayerArrears]:
        table = load_interest_table()
        out = {}
        for payer_id in set(dues) | set(payments):
            ledger = allocate(dues.get(payer_id, []), payments.get(payer_id, []), today, table, by_fund=False)
            behind = ledger.arrears_months
            out[payer_id] = PayerArrears(payer_id, ledger.arrears, ledger.interest, ledger.overpayment, len(behind),
                                         str(behind[0].period) if behind else "")
        return out


def _positive_amount(amount: str | Decimal) -> Decimal:
    try:
        value = amount if isinstance(amount, Decimal) else parse_amount(str(amount))
    except ValueError:
        raise InvalidInput(BAD_AMOUNT(text=str(amount)), hint=BAD_AMOUNT_HINT) from None
    if value <= 0:
        raise InvalidInput(BAD_AMOUNT(text=str(amount)), hint=BAD_AMOUNT_HINT)
    return cents(value)


def ledger_json(payer: Payer, ledger: Ledger) -> dict:
    """The account as the CLI prints it with --json (amounts as decimal strings with a dot)."""
    def s(value: Decimal) -> str:
        return f"{cents(value):.2f}"

    months = []
    for m in ledger.months:
        months.append({
            "period": str(m.period), "deadline": m.dues.deadline.isoformat(), "declaration": m.dues.number,
            "due": s(m.due), "paid": s(m.paid_total), "balance": s(m.balance), "interest": s(m.interest),
            "days_late": m.days_late(ledger.today),
            "status": ("paid" if m.balance <= 0 else "arrears" if m.dues.deadline < ledger.today else "open"),
            "funds": {name: {"due": s(due), "paid": s(paid)}
                      for name, due, paid in zip(m.dues.amounts._fields, m.dues.amounts, m.paid)},
            "payments": [{"date": d.isoformat(), "amount": s(a)} for d, a in m.payments],
        })
    return {"payer_nip": payer.nip, "payer_name": payer.short_name, "as_of": ledger.today.isoformat(),
            "months": months, "due": s(ledger.due), "paid": s(ledger.paid), "arrears": s(ledger.arrears),
            "not_yet_due": s(ledger.not_yet_due), "interest": s(ledger.interest),
            "overpayment": s(ledger.overpayment), "to_pay_now": s(max(ZERO, ledger.arrears + ledger.interest
                                                                           - ledger.overpayment))}
