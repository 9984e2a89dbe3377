"""camt.053 (ISO 20022 BankToCustomerStatement, versions .001.02–.001.08), read with the project's
safe XML parser (no DTD, no entities, no network).

Each ``Ntry`` is a booked entry; its counterparty is the creditor (``Cdtr``/``CdtrAcct``) of a debit
and the debtor of a credit. Batch entries with several ``TxDtls`` become one transaction per detail
(each with its own amount when the bank gives one)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from ...i18n import t
from ...xmlsafe import XmlError, parse_bytes
from . import BankTransaction, Statement, StatementError, account_digits

NOT_CAMT = t("To nie jest wyciąg camt.053 (element główny {root}, wiersz {line}).",
             "This is not a camt.053 statement (root element {root}, line {line}).")
BAD_AMOUNT = t("Wiersz {line}: kwota „{text}” nie daje się odczytać.",
               "Line {line}: the amount '{text}' cannot be read.")
BAD_DATE = t("Wiersz {line}: data księgowania „{text}” jest niepoprawna.",
             "Line {line}: the booking date '{text}' is invalid.")
BAD_SIDE = t("Wiersz {line}: brak strony operacji (CdtDbtInd = CRDT albo DBIT).",
             "Line {line}: the entry has no side (CdtDbtInd = CRDT or DBIT).")
HINT = t("Pobierz wyciąg z banku ponownie. Nic nie zaimportowano.",
         "Download the statement from the bank again. Nothing was imported.")


def _local(tag: object) -> str:
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def _find(el, *path: str):
    """The first descendant along ``path`` of local names (namespace-agnostic)."""
    current = [el]
    for name in path:
        current = [c for p in current for c in p if _local(c.tag) == name]
        if not current:
            return None
    return current[0]


def _text(el, *path: str) -> str:
    found = _find(el, *path)
    return (found.text or "").strip() if found is not None else ""


def _account(el) -> str:
    if el is None:
        return ""
    return account_digits(_text(el, "Id", "IBAN") or _text(el, "Id", "Othr", "Id"))


def _amount(el, line: int) -> Decimal:
    text = (el.text or "").strip() if el is not None else ""
    line = (el.sourceline if el is not None else None) or line
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise StatementError(BAD_AMOUNT(line=line, text=text), line=line, hint=HINT)
    return value


def _date(el, line: int) -> date:
    text = _text(el, "BookgDt", "Dt") or _text(el, "BookgDt", "DtTm")[:10] or _text(el, "ValDt", "Dt")
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise StatementError(BAD_DATE(line=line, text=text), line=line, hint=HINT) from None


def read_camt053(data: bytes) -> Statement:
    try:
        root = parse_bytes(data)
    except XmlError as exc:
        line = getattr(exc, "line", None) or 1
        raise StatementError(exc.text, line=line, hint=HINT) from None
    if _local(root.tag) != "Document" or _find(root, "BkToCstmrStmt") is None:
        raise StatementError(NOT_CAMT(root=_local(root.tag), line=root.sourceline or 1), line=root.sourceline or 1,
                             hint=HINT)
    out: list[BankTransaction] = []
    own = ""
    for stmt in (c for c in _find(root, "BkToCstmrStmt") if _local(c.tag) == "Stmt"):
        own = _account(_find(stmt, "Acct")) or own
        for entry in (c for c in stmt if _local(c.tag) == "Ntry"):
            line = entry.sourceline or 0
            status = _text(entry, "Sts", "Cd") or _text(entry, "Sts")
            if status and status not in ("BOOK",):
                continue  # pending or informational entries are not payments yet
            side = _text(entry, "CdtDbtInd")
            if side not in ("CRDT", "DBIT"):
                raise StatementError(BAD_SIDE(line=line), line=line, hint=HINT)
            booked = _date(entry, line)
            entry_amount = _amount(_find(entry, "Amt"), line)
            reference = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
            details = [d for dtls in entry if _local(dtls.tag) == "NtryDtls"
                       for d in dtls if _local(d.tag) == "TxDtls"]
            party = "Cdtr" if side == "DBIT" else "Dbtr"
            for n, tx in enumerate(details or [None]):
                amount_el = _find(tx, "AmtDtls", "TxAmt", "Amt") if tx is not None else None
                if amount_el is None and tx is not None:
                    amount_el = _find(tx, "Amt")
                own_amount = amount_el is not None and len(details) > 1
                amount = (_amount(amount_el, amount_el.sourceline or line) if own_amount and amount_el is not None
                          else entry_amount)
                parties = _find(tx, "RltdPties") if tx is not None else None
                name = _text(parties, party, "Nm") or _text(parties, party, "Pty", "Nm") if parties is not None else ""
                account = _account(_find(parties, f"{party}Acct")) if parties is not None else ""
                title = " ".join(u.text.strip() for u in (tx.iter() if tx is not None else ())
                                 if _local(u.tag) == "Ustrd" and u.text)
                tx_ref = (_text(tx, "Refs", "AcctSvcrRef") or _text(tx, "Refs", "EndToEndId")) if tx is not None else ""
                ref = reference + (f"/{tx_ref or n}" if len(details) > 1 else "")
                out.append(BankTransaction(booked_on=booked, amount=amount,
                                           direction="debit" if side == "DBIT" else "credit",
                                           counterparty_account=account, counterparty_name=name, title=title,
                                           reference=ref, own_account=own, line=line))
    return Statement("camt053", "utf-8", own, out)
