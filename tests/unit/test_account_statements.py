"""Bank statements as banks write them: MT940 in three styles and three encodings, camt.053, CSV
exports; an unreadable file names its line and nothing is read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from plugins.account import OFFICE_ACCOUNT, Tx, camt053, csv_export, mt940, to_nrs

from eplatnik.account.statements import StatementError, read_statement
from eplatnik.account.statements.csv_bank import PRESETS, CsvMapping, preview
from eplatnik.account.statements.subfields import parse_86

NIP = "5261040828"


def _txs() -> list[Tx]:
    return [Tx(date(2026, 11, 14), Decimal("2359.30"), to_nrs(NIP)),
            Tx(date(2026, 11, 15), Decimal("50.00"), OFFICE_ACCOUNT, name="Jan Kowalski", title="Faktura 12/2026",
               debit=False),
            Tx(date(2026, 11, 16), Decimal("99.99"), "10105000997603123456789123", name="Energa Obrót S.A.",
               title="Prąd za październik")]


@pytest.mark.parametrize(("style", "encoding", "crlf"), [("ing", "utf-8", False), ("pko", "cp1250", True),
                                                         ("mbank", "iso-8859-2", False)])
def test_mt940_styles_and_encodings_read_the_same_transactions(style, encoding, crlf):
    statement = read_statement(mt940(_txs(), style=style, encoding=encoding, crlf=crlf), name="wyciag.sta")
    assert statement.format == "mt940"
    assert statement.encoding == encoding
    assert statement.own_account == OFFICE_ACCOUNT
    first, second, third = statement.transactions
    assert (first.booked_on, first.amount, first.direction) == (date(2026, 11, 14), Decimal("2359.30"), "debit")
    assert first.counterparty_account == to_nrs(NIP)
    assert first.counterparty_name == "ZAKŁAD UBEZPIECZEŃ SPOŁECZNYCH"
    assert first.title == "Składki ZUS za październik 2026, płatnik ŚWIĘTOKRZYSKA"
    assert second.direction == "credit" and second.counterparty_name == "Jan Kowalski"
    assert third.title == "Prąd za październik"


def test_subfield_parser_reads_the_sort_code_and_account_split():
    details = parse_86("020~00PRZELEW~20Składki ZUS~21 za 10/2026~3060000002~310260015261040828~27ZUS")
    assert details.code == "020"
    assert details.title == "Składki ZUS za 10/2026"
    assert details.account == to_nrs(NIP)


def test_same_statement_gives_the_same_identities_and_equal_transfers_stay_two():
    twice = [_txs()[0], _txs()[0]]
    first = read_statement(mt940(twice)).identities()
    again = read_statement(mt940(twice)).identities()
    assert first == again
    assert len(set(first)) == 2


def test_truncated_mt940_names_the_last_line():
    data = mt940(_txs(), truncate=True)
    with pytest.raises(StatementError) as caught:
        read_statement(data, "mt940")
    assert caught.value.line == len(data.decode().strip().split("\n"))
    assert "62F" in caught.value.render("pl") and "Nic nie zaimportowano" in caught.value.render("pl")


def test_mt940_amount_that_does_not_parse_is_named_with_its_line():
    data = mt940(_txs()).replace(b"D2359,30", b"D23X9,30")
    with pytest.raises(StatementError) as caught:
        read_statement(data, "mt940")
    assert caught.value.line == 5
    assert "Wiersz 5" in caught.value.render("pl")


def test_a_foreign_line_in_mt940_is_named():
    data = mt940(_txs()).replace(b":28C:1/1\n", b":28C:1/1\nTo nie jest MT940\n")
    with pytest.raises(StatementError) as caught:
        read_statement(data, "mt940")
    assert caught.value.line == 4


def test_wrong_encoding_names_the_line():
    data = mt940(_txs()).replace(b":28C:1/1", b":28C:1/1\x01\x02")
    with pytest.raises(StatementError) as caught:
        read_statement(data, "mt940")
    assert caught.value.line == 3
    assert "Wiersz 3" in caught.value.render("pl")
    with pytest.raises(StatementError):
        read_statement("Składki".encode("utf-16"), "mt940")


def test_unknown_format_is_refused():
    with pytest.raises(StatementError) as caught:
        read_statement(b"%PDF-1.7 binary", name="wyciag.pdf")
    assert caught.value.exit_code == 2
    assert "MT940" in caught.value.render("pl")


def test_camt053_reads_debits_with_the_creditor_account():
    statement = read_statement(camt053(_txs()), name="wyciag.xml")
    assert statement.format == "camt053" and statement.own_account == OFFICE_ACCOUNT
    first = statement.transactions[0]
    assert (first.direction, first.amount, first.counterparty_account) == ("debit", Decimal("2359.30"), to_nrs(NIP))
    assert statement.transactions[1].direction == "credit"
    assert statement.transactions[1].counterparty_name == "Jan Kowalski"


def test_camt053_bad_amount_is_named_and_hostile_xml_refused():
    data = camt053(_txs()).replace(b">2359.30<", b">23,59.30<")
    with pytest.raises(StatementError) as caught:
        read_statement(data, "camt053")
    assert caught.value.line == 9
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><Document>&e;</Document>'
    with pytest.raises(StatementError):
        read_statement(hostile, "camt053")


def test_mbank_csv_export_in_windows_1250_is_recognised_by_its_header():
    statement = read_statement(csv_export(_txs(), bank="mbank"), name="lista.csv")
    assert statement.encoding == "cp1250"
    first = statement.transactions[0]
    assert (first.direction, first.amount, first.counterparty_account) == ("debit", Decimal("2359.30"), to_nrs(NIP))
    assert "Składki ZUS" in first.title


def test_csv_preview_and_a_custom_mapping():
    data = f"Kiedy;Ile;Komu konto;Komu;Po co\n14.11.2026;-2 359,30;{to_nrs(NIP)};ZUS;składki\n".encode()
    shown = preview(data, CsvMapping("own", ";", "Kiedy", "Ile", account="Komu konto", counterparty="Komu",
                                     title="Po co", date_format="%d.%m.%Y"))
    assert shown.header == ["Kiedy", "Ile", "Komu konto", "Komu", "Po co"]
    assert shown.problems == []
    mapping = CsvMapping("own", ";", "Kiedy", "Ile", account="Komu konto", counterparty="Komu", title="Po co",
                         date_format="%d.%m.%Y")
    tx = read_statement(data, "csv", csv_mapping=mapping).transactions[0]
    assert (tx.booked_on, tx.amount, tx.direction) == (date(2026, 11, 14), Decimal("2359.30"), "debit")
    assert set(PRESETS) >= {"mbank", "pko", "ing", "santander", "pekao", "generic"}


def test_csv_amount_and_account_that_do_not_parse_are_named():
    good = csv_export(_txs(), bank="generic").decode()
    with pytest.raises(StatementError) as caught:
        read_statement(good.replace("-2359.30", "-23x9.30").encode(), "csv")
    assert caught.value.line == 2 and "23x9.30" in caught.value.render("pl")
    with pytest.raises(StatementError) as caught:
        read_statement(good.replace(to_nrs(NIP), "12345").encode(), "csv")
    assert caught.value.line == 2 and "12345" in caught.value.render("pl")
