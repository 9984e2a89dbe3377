"""SQL of the account area: the fund-split cache of accepted declarations, statement imports and
bank transactions. Portable SQL only (no INSERT OR …, timestamps passed in from the clock, RETURNING ids)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..store.audit import AuditLog
from ..store.conn import Conn
from ..store.db import Database
from .funds import FUNDS, FundAmounts


@dataclass(frozen=True)
class StoredDues:
    set_id: int
    payer_id: int
    period: str
    number: str
    amounts: FundAmounts


@dataclass(frozen=True)
class StoredTransaction:
    id: int
    identity: str
    source: str
    booked_on: date
    amount: Decimal
    direction: str
    counterparty_account: str
    counterparty_name: str
    title: str
    reference: str
    payer_id: int | None
    status: str
    reason: str
    import_id: int | None


_TX_COLUMNS = ("id, identity, source, booked_on, amount, direction, counterparty_account, counterparty_name, title, "
               "reference, payer_id, status, reason, import_id")


def _tx(r: Any) -> StoredTransaction:
    return StoredTransaction(r["id"], r["identity"], r["source"], date.fromisoformat(r["booked_on"]),
                             Decimal(r["amount"]), r["direction"], r["counterparty_account"], r["counterparty_name"],
                             r["title"], r["reference"], r["payer_id"], r["status"], r["reason"], r["import_id"])


class AccountStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.audit = AuditLog(db)

    # -- dues cache ---------------------------------------------------------------------------------
    def cached_dues(self) -> dict[int, StoredDues]:
        rows = self.db.query("SELECT set_id, payer_id, period, number, " + ", ".join(FUNDS) + " FROM account_dues")
        return {r["set_id"]: StoredDues(r["set_id"], r["payer_id"], r["period"], r["number"],
                                        FundAmounts(*(Decimal(r[f]) for f in FUNDS))) for r in rows}

    def put_dues(self, items: list[StoredDues]) -> None:
        if not items:
            return
        sql = ("INSERT INTO account_dues (set_id, payer_id, period, number, " + ", ".join(FUNDS) + ", total) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (set_id) DO NOTHING")
        params = [(d.set_id, d.payer_id, d.period, d.number, *(f"{a:.2f}" for a in d.amounts), f"{d.amounts.total:.2f}")
                  for d in items]
        self.db.transaction(lambda c: c.executemany(sql, params))

    # -- statements -----------------------------------------------------------------------------------
    def known_identities(self, identities: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(identities), 500):
            chunk = identities[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.query(
                f"SELECT identity FROM bank_transactions WHERE identity IN ({marks})", tuple(chunk)))
        return found

    def record_import(self, meta: dict, rows: list[dict]) -> tuple[int, int]:
        """Store an import and its new transactions in one transaction; (import id, rows inserted).

        A transaction another process stored meanwhile is skipped (ON CONFLICT DO NOTHING)."""
        columns = ("identity", "import_id", "source", "booked_on", "amount", "currency", "direction", "own_account",
                   "counterparty_account", "counterparty_name", "title", "reference", "payer_id", "status", "reason",
                   "created_at", "created_by")
        sql = (f"INSERT INTO bank_transactions ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
               "ON CONFLICT (identity) DO NOTHING")

        def tx(conn: Conn) -> tuple[int, int]:
            import_id = int(conn.execute(
                "INSERT INTO statement_imports (file_name, file_sha256, format, own_account, transactions, matched, "
                "ignored, duplicates, imported_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (meta["file_name"], meta["file_sha256"], meta["format"], meta["own_account"], meta["transactions"],
                 meta["matched"], meta["ignored"], meta["duplicates"], meta["imported_at"], meta["actor"]),
            ).fetchone()[0])
            values = [tuple(import_id if c == "import_id" else row[c] for c in columns) for row in rows]
            # the rows actually inserted (a conflict that did nothing changes none)
            inserted = max(conn.executemany(sql, values).rowcount, 0) if values else 0
            self.audit.record(conn, meta["actor"], "payments.import", "statement_import", import_id,
                              f"{meta['file_name']}: {inserted} new, {meta['duplicates']} known",
                              at=meta["imported_at"])
            return import_id, inserted

        return self.db.transaction(tx)

    def transactions(self, *, payer_id: int | None = None, status: str | None = None,
                     import_id: int | None = None) -> list[StoredTransaction]:
        sql, params = f"SELECT {_TX_COLUMNS} FROM bank_transactions WHERE 1=1", []
        for column, value in (("payer_id", payer_id), ("status", status), ("import_id", import_id)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [_tx(r) for r in self.db.query(sql + " ORDER BY booked_on, id", tuple(params))]

    def payments_by_payer(self) -> dict[int, list[tuple[date, Decimal]]]:
        """Every matched payment, grouped by payer, in booking order (one query for the dashboard)."""
        out: dict[int, list[tuple[date, Decimal]]] = {}
        for r in self.db.query("SELECT payer_id, booked_on, amount FROM bank_transactions WHERE status = 'matched' "
                               "ORDER BY payer_id, booked_on, id"):
            out.setdefault(int(r[0]), []).append((date.fromisoformat(r[1]), Decimal(r[2])))
        return out

    def delete_manual(self, transaction_id: int, actor: str, now_iso: str) -> bool:
        def tx(conn: Conn) -> bool:
            gone = conn.execute("DELETE FROM bank_transactions WHERE id = ? AND source = 'manual' RETURNING payer_id",
                                (transaction_id,)).fetchone()
            if gone is not None:
                self.audit.record(conn, actor, "payments.delete", "bank_transaction", transaction_id,
                                  "manual payment deleted", at=now_iso, payer_id=gone[0])
            return gone is not None

        return self.db.transaction(tx)
