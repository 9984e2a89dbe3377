from datetime import date
from decimal import Decimal

import pytest

from eplatnik.i18n import set_language
from eplatnik.register import validation as v


def test_nip_checksum_and_format():
    assert v.check_nip("8567346215") is None
    assert v.check_nip("856-734-62-15") is None
    assert v.check_nip("PL 856 734 62 15") is None
    assert "cyfra kontrolna" in str(v.check_nip("8567346216"))
    assert "10 cyfr" in str(v.check_nip("85673462"))
    assert "tylko cyfry" in str(v.check_nip("85673A6215"))
    assert "wymagane" in str(v.check_nip(""))


def test_pesel_checksum_date_and_birth_date_match():
    assert v.check_pesel("44051401359") is None
    assert v.check_pesel("02211307589") is None
    assert "cyfra kontrolna" in str(v.check_pesel("44051401358"))
    assert "niemożliwą datę" in str(v.check_pesel("44053201353"))
    assert v.check_pesel_birth_date("44051401359", date(1944, 5, 14)) is None
    mismatch = v.check_pesel_birth_date("44051401359", date(1944, 5, 15))
    assert mismatch is not None and "1944-05-14" in str(mismatch)


def test_regon_9_and_14_digits():
    assert v.check_regon("192598184") is None
    assert v.check_regon("12345678512347") is None
    assert "cyfra kontrolna" in str(v.check_regon("192598185"))
    assert "9 lub 14" in str(v.check_regon("1925981"))


@pytest.mark.parametrize(("value", "ok"), [("00-950", True), ("30-001", True), ("00950", False),
                                           ("0-0950", False), ("ab-cde", False)])
def test_postal_code(value, ok):
    assert (v.check_postal_code(value) is None) is ok
    if not ok:
        assert "NN-NNN" in str(v.check_postal_code(value))


def test_iban_email_phone():
    assert v.check_iban("PL61 1090 1014 0000 0712 1981 2874") is None
    assert v.check_iban("61109010140000071219812874") is None
    assert "IBAN" in str(v.check_iban("PL61109010140000071219812875"))
    assert v.check_email("biuro@firma.pl") is None
    assert "e-mail" in str(v.check_email("biuro@firma"))
    assert v.check_phone("+48 601 234 567") is None
    assert v.check_phone("601-234-567") is None
    assert "9 cyfr" in str(v.check_phone("12345"))
    assert v.check_phone("221234567", mobile=True) is not None


def test_amount_and_fraction_parsing():
    assert v.parse_amount("8 500,50") == Decimal("8500.50")
    assert v.parse_amount("1.234,56") == Decimal("1234.56")
    with pytest.raises(ValueError):
        v.parse_amount("12,345")
    with pytest.raises(ValueError):
        v.parse_amount("-1")
    assert v.parse_fraction("1/2") == (1, 2)
    assert v.check_fraction("3/2") is not None


def test_title_code_format_and_membership():
    assert v.check_title_code("011000") is None
    assert v.check_title_code("05 10 0 0") is None
    assert "6 cyfr" in str(v.check_title_code("0110"))
    assert "nie występuje" in str(v.check_title_code("999900"))


def test_messages_in_english_on_request():
    set_language("en")
    assert "check digit" in str(v.check_nip("8567346216"))
    assert "NN-NNN" in str(v.check_postal_code("1"))
